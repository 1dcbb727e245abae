/**
 * What the timer and alert workers wait for on the way from a deadline to the alert: reads that do
 * not depend on each other go side by side, and what a fired timer sends out goes side by side.
 * In-memory adapters, fixed clock; a port held open shows what else was asked meanwhile.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Case } from '../../functions/domain/case.ts';
import type { AlertJob } from '../../functions/domain/escalation.ts';
import type { Claims } from '../../functions/ports.ts';
import { deliverAlertJob } from '../../functions/use-cases/deliver-alert.ts';
import { fireTimer } from '../../functions/use-cases/fire-timer.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { deliveryPorts } from '../support/delivery-ports.ts';
import { MemoryClaims } from '../support/fakes/memory-claims.ts';
import {
  breachJob,
  dueBreach,
  openedCase,
  type TriageHarness,
  triageHarness,
  withBreachedChain,
} from './triage-support.ts';

/** Tuesday 3 March 2026, 10:00 in London: business hours, so nothing is held back. */
const T0 = '2026-03-03T10:00:00.000Z';

/** A promise the test opens when it has looked at what happened while it was shut. */
const gate = () => {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

const openCase = (harness: TriageHarness, id: string): Promise<Case> =>
  openedCase(harness, id, T0, 'Where is my refund?');

const firing = (harness: TriageHarness) => ({ ...harness.deps, claims: harness.memory.claims });

describe('the timer worker on its way to the alert', () => {
  it('reads the case and whether the timer already fired side by side, and fires it once', async () => {
    // Prepare: the case read is held open.
    const harness = await triageHarness(triageConfig(), T0);
    const theCase = await openCase(harness, 'reads');
    const timer = dueBreach(theCase);
    harness.clock.set(timer.dueAt);
    const { store } = harness.deps;
    const caseRead = gate();
    const asked: string[] = [];
    const getCase = store.getCase.bind(store);
    const processedEvents = store.processedEvents.bind(store);
    store.getCase = async (id) => {
      asked.push('case');
      await caseRead.opened;
      return getCase(id);
    };
    store.processedEvents = async (...args) => {
      asked.push('fired before?');
      return processedEvents(...args);
    };

    // Act
    const fired = fireTimer(timer, firing(harness));
    await vi.waitFor(() => expect(asked).toEqual(['case', 'fired before?']));
    caseRead.open();
    const outcome = await fired;
    const again = await fireTimer(timer, firing(harness));

    // Assess
    expect(outcome).toEqual({ outcome: 'fired', alerts: 2 });
    expect(again).toEqual({ outcome: 'replayed', alerts: 2 });
    // Another copy of the timer finds it fired and publishes nothing more.
    expect(harness.bus.events.filter((e) => e.type === 'SlaBreached')).toHaveLength(1);
  });

  it('publishes the breach while its alerts are still being queued, and fails the timer if queueing fails', async () => {
    // Prepare: queueing the alerts is held open, then fails.
    const harness = await triageHarness(triageConfig(), T0);
    const theCase = await openCase(harness, 'sends');
    const timer = dueBreach(theCase);
    harness.clock.set(timer.dueAt);
    const queueing = gate();
    const alertQueue = {
      send: async (_jobs: readonly AlertJob[]) => {
        await queueing.opened;
        throw new Error('SQS is down');
      },
      sendNotices: async () => undefined,
    };

    // Act
    const fired = fireTimer(timer, { ...firing(harness), alertQueue });
    await vi.waitFor(() => expect(harness.bus.events.map((e) => e.type)).toContain('SlaBreached'));
    queueing.open();
    const failure = await fired.catch((error: Error) => error.message);
    const replayed = await fireTimer(timer, firing(harness));

    // Assess: the retry finds the breach stored and queues its alerts.
    expect(failure).toBe('SQS is down');
    expect(replayed).toEqual({ outcome: 'replayed', alerts: 2 });
    expect(harness.alerts.jobs.map((job) => job.target).sort()).toEqual(['pager', 'social-team']);
  });
});

describe("where a fired timer's domain events go", () => {
  const pending = (harness: TriageHarness) => harness.memory.outbox.pending(new Date('2100-01-01'), 100);

  it('publishes them straight from the write and leaves nothing in the outbox', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    const timer = dueBreach(await openCase(harness, 'straight'));
    harness.clock.set(timer.dueAt);
    const before = (await pending(harness)).length;

    // Act
    const outcome = await fireTimer(timer, firing(harness));

    // Assess
    expect(outcome).toEqual({ outcome: 'fired', alerts: 2 });
    expect(harness.bus.events.map((e) => e.type)).toEqual(expect.arrayContaining(['SlaBreached', 'CaseEscalated']));
    expect((await pending(harness)).length).toBe(before);
  });

  it('puts them in the outbox for the relay when the bus fails, and the timer still succeeds', async () => {
    // Prepare: the bus refuses.
    const harness = await triageHarness(triageConfig(), T0);
    const timer = dueBreach(await openCase(harness, 'relay'));
    harness.clock.set(timer.dueAt);
    const publisher = {
      publish: async () => {
        throw new Error('EventBridge is down');
      },
    };

    // Act
    const outcome = await fireTimer(timer, { ...firing(harness), publisher });

    // Assess
    expect(outcome).toEqual({ outcome: 'fired', alerts: 2 });
    expect((await pending(harness)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['SlaBreached', 'CaseEscalated']),
    );
  });

  it('fails the timer when neither the bus nor the outbox takes them, and its retry publishes the same events', async () => {
    // Prepare: the bus and the outbox both refuse on the first try.
    const harness = await triageHarness(triageConfig(), T0);
    const timer = dueBreach(await openCase(harness, 'retry'));
    harness.clock.set(timer.dueAt);
    const refused: string[] = [];
    const publisher = {
      publish: async (events: readonly { id: string }[]) => {
        refused.push(...events.map((e) => e.id));
        throw new Error('EventBridge is down');
      },
    };
    const memoryOutbox = harness.memory.outbox;
    const outbox = {
      add: async () => {
        throw new Error('DynamoDB is down');
      },
      pending: memoryOutbox.pending.bind(memoryOutbox),
      done: memoryOutbox.done.bind(memoryOutbox),
    };

    const publishedBefore = harness.bus.events.length;

    // Act
    const failure = await fireTimer(timer, { ...firing(harness), publisher, outbox }).catch((e: Error) => e.message);
    const retried = await fireTimer(timer, firing(harness), 2);

    // Assess: the retry finds the breach stored, queues its alerts and publishes what the write kept.
    expect(failure).toBe('DynamoDB is down');
    expect(retried).toEqual({ outcome: 'replayed', alerts: 2 });
    expect(refused.length).toBeGreaterThan(0);
    expect(
      harness.bus.events
        .slice(publishedBefore)
        .map((e) => e.id)
        .sort(),
    ).toEqual([...refused].sort());
  });
});

describe('the alert worker on its way to the target', () => {
  const breachedCase = async (harness: TriageHarness): Promise<Case> =>
    withBreachedChain(harness, await openCase(harness, 'alert'), T0);

  it('reads the case while it claims the alert, sends nothing before the claim, and sends once', async () => {
    // Prepare: the claim is held open; the console target prints what it is sent.
    const harness = await triageHarness(triageConfig(), T0);
    const theCase = await breachedCase(harness);
    const { store } = harness.deps;
    const detailReads: string[] = [];
    const getCaseDetail = store.getCaseDetail.bind(store);
    store.getCaseDetail = async (id) => {
      detailReads.push(id);
      return getCaseDetail(id);
    };
    const memoryClaims = new MemoryClaims(harness.clock);
    const claiming = gate();
    const claims: Claims = {
      claim: async (key, lease) => {
        await claiming.opened;
        return memoryClaims.claim(key, lease);
      },
      complete: (key, detail) => memoryClaims.complete(key, detail),
      release: (key) => memoryClaims.release(key),
      held: (key) => memoryClaims.held(key),
    };
    const printed: string[] = [];
    const deps = {
      store,
      claims,
      clock: harness.clock,
      config: harness.deps.config,
      newId: harness.deps.newId,
      ...deliveryPorts(harness.deps.config, harness.clock, { secrets: async () => '', log: (l) => printed.push(l) }),
    };
    const job = breachJob(theCase, 'social-team');

    // Act
    const delivering = deliverAlertJob(job, deps);
    await vi.waitFor(() => expect(detailReads).toEqual([theCase.id]));
    const printedBeforeClaim = [...printed];
    claiming.open();
    const outcome = await delivering;
    const again = await deliverAlertJob(job, deps);

    // Assess
    expect(printedBeforeClaim).toEqual([]);
    expect(outcome).toEqual({ outcome: 'delivered', target: 'social-team' });
    expect(again).toEqual({ outcome: 'duplicate' });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(theCase.id);
  });
});
