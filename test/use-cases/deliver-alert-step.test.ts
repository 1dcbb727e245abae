/**
 * One message per step of a chain: the alert worker delivers a level's alert to each of its
 * targets, and when one target fails, the retry of the step sends only to the targets still owed
 * it; a target that refuses for good is parked on the DLQ once, as its own job.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AlertDeliveryError } from '../../functions/alerts/errors.ts';
import { registerTarget } from '../../functions/alerts/targets/registry.ts';
import { defineTarget } from '../../functions/alerts/targets/target-module.ts';
import type { Case } from '../../functions/domain/case.ts';
import type { AlertJob } from '../../functions/domain/escalation.ts';
import { type AlertStep, alertSteps } from '../../functions/domain/queue-messages.ts';
import { AlertStepRetryError, deliverAlertStep } from '../../functions/use-cases/deliver-alert-step.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { deliveryPorts } from '../support/delivery-ports.ts';
import { MemoryClaims } from '../support/fakes/memory-claims.ts';
import { breachedCase, type TriageHarness, triageHarness } from './triage-support.ts';

const NOW = '2026-03-02T10:00:00.000Z';
const TARGETS = ['desk-a', 'desk-b', 'desk-c'] as const;

/** What each desk does with the next alert: take it, fail for now, or refuse for good. */
const behaviour = new Map<string, 'take' | 'fail' | 'refuse'>();
const received: string[] = [];

const desk = defineTarget({
  type: 'step-desk',
  schema: z.strictObject({ type: z.literal('step-desk'), name: z.string() }),
  capabilities: { pages: false, acknowledges: true, resolves: true, interactive: false },
  secretNames: () => [],
  sendAlert: async (_alert, target) => {
    const name = target.config.name;
    const what = behaviour.get(name) ?? 'take';
    if (what !== 'take') throw new AlertDeliveryError({ target: name, reason: what, permanent: what === 'refuse' });
    received.push(name);
  },
  sendNotice: async () => undefined,
});

beforeAll(() => {
  registerTarget(desk);
});

const config = () =>
  triageConfig({
    escalationChains: { social: { levels: [{ notify: [...TARGETS] }] } },
    targets: {
      ...Object.fromEntries(TARGETS.map((name) => [name, { type: 'step-desk', name }])),
      comms: { type: 'console' },
      'baggage-desk': { type: 'console' },
    },
  });

/** A case whose first response breached, its chain at level 1. */
const stepCase = (harness: TriageHarness): Promise<Case> => breachedCase(harness, 'step', NOW, 'Where is my parcel?');

const jobsFor = (theCase: Case, level = 1): AlertJob[] =>
  TARGETS.map(
    (target) =>
      ({
        alertId: `${theCase.id}:firstResponse:1:breach:L${level}:R0:${target}`,
        caseId: theCase.id,
        target,
        kind: 'breach',
        escalationId: 'firstResponse:1',
        clock: 'firstResponse',
        level,
        round: 0,
      }) as AlertJob,
  );

const worker = (harness: TriageHarness) => {
  const parked: { job: AlertJob; reason: string }[] = [];
  const deliver = {
    store: harness.deps.store,
    claims: new MemoryClaims(harness.clock),
    clock: harness.clock,
    config: harness.deps.config,
    newId: harness.deps.newId,
    ...deliveryPorts(harness.deps.config, harness.clock, { secrets: async () => undefined }),
  };
  const deps = {
    deliver,
    permanent: (error: unknown) =>
      error instanceof AlertDeliveryError && error.permanent ? `refused: ${error.message}` : undefined,
    park: async (job: AlertJob, reason: string) => {
      parked.push({ job, reason });
    },
  };
  return { deps, parked };
};

const stepOf = (jobs: readonly AlertJob[]): AlertStep => {
  const [message] = alertSteps(jobs);
  if (!message || !('alerts' in message)) throw new Error('expected one step message');
  return message;
};

const reset = () => {
  behaviour.clear();
  received.length = 0;
};

describe('one alert message per step of a chain', () => {
  it('puts a level with three targets in one message, and other levels and cases in their own', async () => {
    // Prepare
    const harness = await triageHarness(config(), NOW);
    const theCase = await stepCase(harness);
    const other = { ...theCase, id: 'another-case' };
    // Act
    const messages = alertSteps([...jobsFor(theCase, 1), ...jobsFor(theCase, 2), ...jobsFor(other, 1).slice(0, 1)]);
    // Assess
    expect(messages).toHaveLength(3);
    expect(messages.map((m) => ('alerts' in m ? m.alerts.length : 'one job'))).toEqual([3, 3, 'one job']);
  });

  it('delivers the level to each of its targets', async () => {
    // Prepare
    reset();
    const harness = await triageHarness(config(), NOW);
    const theCase = await stepCase(harness);
    const { deps } = worker(harness);
    // Act
    const outcome = await deliverAlertStep(stepOf(jobsFor(theCase)), deps);
    // Assess
    expect(outcome).toEqual({ 'desk-a': 'delivered', 'desk-b': 'delivered', 'desk-c': 'delivered' });
    expect(received.sort()).toEqual([...TARGETS]);
  });

  it('records what the three targets took in one case write: three deliveries, the level alerted once', async () => {
    // Prepare: every case write is counted.
    reset();
    const harness = await triageHarness(config(), NOW);
    const theCase = await stepCase(harness);
    const { deps } = worker(harness);
    const store = harness.deps.store;
    const saveCase = store.saveCase.bind(store);
    let writes = 0;
    store.saveCase = async (input) => {
      writes += 1;
      return saveCase(input);
    };
    // Act
    await deliverAlertStep(stepOf(jobsFor(theCase)), deps);
    // Assess
    const detail = await store.getCaseDetail(theCase.id);
    const escalation = detail?.case.escalations?.find((e) => e.id === 'firstResponse:1');
    expect(writes).toBe(1);
    expect(escalation?.deliveries?.map((d) => [d.target, d.state]).sort()).toEqual(
      TARGETS.map((target) => [target, 'delivered']),
    );
    expect(detail?.audit.filter((a) => a.type === 'alert.delivered')).toHaveLength(3);
    expect(detail?.audit.filter((a) => a.type === 'escalation.alerted')).toHaveLength(1);
  });

  it('retries only the target that failed for now, never re-sending to the targets that took it', async () => {
    // Prepare
    reset();
    const harness = await triageHarness(config(), NOW);
    const theCase = await stepCase(harness);
    const { deps } = worker(harness);
    const step = stepOf(jobsFor(theCase));
    behaviour.set('desk-b', 'fail');
    // Act
    const first = deliverAlertStep(step, deps, 1);
    await expect(first).rejects.toBeInstanceOf(AlertStepRetryError);
    behaviour.clear();
    const second = await deliverAlertStep(step, deps, 2);
    // Assess
    expect(second).toEqual({ 'desk-a': 'duplicate', 'desk-b': 'delivered', 'desk-c': 'duplicate' });
    expect(received.sort()).toEqual(['desk-a', 'desk-b', 'desk-c']);
  });

  it('parks a target that refuses for good once, as its own job, while the step is retried for another', async () => {
    // Prepare
    reset();
    const harness = await triageHarness(config(), NOW);
    const theCase = await stepCase(harness);
    const { deps, parked } = worker(harness);
    const step = stepOf(jobsFor(theCase));
    behaviour.set('desk-b', 'fail');
    behaviour.set('desk-c', 'refuse');
    // Act
    await expect(deliverAlertStep(step, deps, 1)).rejects.toBeInstanceOf(AlertStepRetryError);
    behaviour.delete('desk-b');
    const second = await deliverAlertStep(step, deps, 2);
    // Assess
    expect(parked.map((p) => p.job)).toEqual([step.alerts[2]]);
    expect(parked[0]?.reason).toMatch(/refused: desk-c alert not delivered/);
    expect(second).toEqual({ 'desk-a': 'duplicate', 'desk-b': 'delivered', 'desk-c': 'skipped' });
    expect(received.sort()).toEqual(['desk-a', 'desk-b']);
  });

  it('records a level whose every target refused as failed on the case, so the chain moves on', async () => {
    // Prepare
    reset();
    const harness = await triageHarness(config(), NOW);
    const theCase = await stepCase(harness);
    const { deps, parked } = worker(harness);
    for (const target of TARGETS) behaviour.set(target, 'refuse');
    // Act
    const outcome = await deliverAlertStep(stepOf(jobsFor(theCase)), deps);
    // Assess
    expect(outcome).toEqual({ 'desk-a': 'parked', 'desk-b': 'parked', 'desk-c': 'parked' });
    expect(parked).toHaveLength(3);
    const stored = await harness.deps.store.getCase(theCase.id);
    const deliveries = stored?.escalations?.[0]?.deliveries ?? [];
    expect(deliveries.map((d) => [d.target, d.state]).sort()).toEqual(TARGETS.map((t) => [t, 'failed']));
  });
});
