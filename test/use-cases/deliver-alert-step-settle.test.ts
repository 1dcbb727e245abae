/**
 * What the alert worker records when a step's targets are sent side by side and settled on the
 * case in one write, under faults: the write fails, a claim is busy, the case changes underneath,
 * every target fails. Nothing sent may go unrecorded, nothing may be sent twice under another id,
 * and a level some target took must never count as failed. In-memory adapters, fixed clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AlertDeliveryError } from '../../functions/alerts/errors.ts';
import { registerTarget } from '../../functions/alerts/targets/registry.ts';
import { defineTarget } from '../../functions/alerts/targets/target-module.ts';
import type { Case } from '../../functions/domain/case.ts';
import { type AlertJob, warningAlerts } from '../../functions/domain/escalation.ts';
import type { AlertStep } from '../../functions/domain/queue-messages.ts';
import type { SaveCaseInput } from '../../functions/ports.ts';
import { AlertStepRetryError, deliverAlertStep } from '../../functions/use-cases/deliver-alert-step.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { deliveryPorts } from '../support/delivery-ports.ts';
import { MemoryClaims } from '../support/fakes/memory-claims.ts';
import { breachedCase, breachJob, customerMessage, type TriageHarness, triageHarness } from './triage-support.ts';

const NOW = '2026-03-02T10:00:00.000Z';
const DESKS = ['desk-a', 'desk-b', 'desk-c'] as const;

/** Desks that fail for now, and desks that refuse for good; the others take the alert. */
const failing = new Set<string>();
const refusing = new Set<string>();
/** Every alert a desk took, as `desk alertId`: a receiver drops a repeated id. */
const taken: string[] = [];

const desk = defineTarget({
  type: 'settle-desk',
  schema: z.strictObject({ type: z.literal('settle-desk'), name: z.string() }),
  capabilities: { pages: false, acknowledges: true, resolves: true, interactive: false },
  secretNames: () => [],
  sendAlert: async (alert, target) => {
    const name = target.config.name;
    if (failing.has(name)) throw new AlertDeliveryError({ target: name, reason: 'down for now', permanent: false });
    if (refusing.has(name)) throw new AlertDeliveryError({ target: name, reason: 'bad key', permanent: true });
    taken.push(`${name} ${alert.alertId}`);
  },
  sendNotice: async () => undefined,
});

beforeAll(() => {
  registerTarget(desk);
});

const config = () =>
  triageConfig({
    escalationChains: { social: { levels: [{ notify: [...DESKS] }] } },
    targets: {
      ...Object.fromEntries([...DESKS, 'fallback-desk'].map((name) => [name, { type: 'settle-desk', name }])),
      comms: { type: 'console' },
      'baggage-desk': { type: 'console' },
    },
    alerts: { fallback: 'fallback-desk' },
  });

const reset = () => {
  failing.clear();
  refusing.clear();
  taken.length = 0;
};

/** Runs before each case write and may throw, or write first itself through `save`. */
type Faults = (input: SaveCaseInput, save: (input: SaveCaseInput) => Promise<void>) => Promise<void> | void;

/** The harness with the alert worker's ports, every case write recorded. */
const worker = async (faults: Faults = () => undefined) => {
  reset();
  const harness = await triageHarness(config(), NOW);
  const claims = new MemoryClaims(harness.clock);
  const store = harness.deps.store;
  const saveCase = store.saveCase.bind(store);
  const writes: SaveCaseInput[] = [];
  store.saveCase = async (input) => {
    await faults(input, saveCase);
    writes.push(input);
    return saveCase(input);
  };
  const parked: string[] = [];
  const deps = {
    deliver: {
      store,
      claims,
      clock: harness.clock,
      config: harness.deps.config,
      newId: harness.deps.newId,
      ...deliveryPorts(harness.deps.config, harness.clock, { secrets: async () => undefined }),
    },
    permanent: (error: unknown) =>
      error instanceof AlertDeliveryError && error.permanent ? `refused: ${error.message}` : undefined,
    park: async (job: AlertJob) => {
      parked.push(job.target);
    },
  };
  return { harness, claims, deps, writes, parked };
};

const levelOne = (theCase: Case): AlertStep => ({ alerts: DESKS.map((name) => breachJob(theCase, name)) });

const escalationOf = async (harness: TriageHarness, caseId: string) => {
  const detail = await harness.deps.store.getCaseDetail(caseId);
  const escalation = detail?.case.escalations?.find((e) => e.id === 'firstResponse:1');
  const audit = (type: string) => detail?.audit.filter((a) => a.type === type) ?? [];
  const states = (escalation?.deliveries ?? []).map((d) => `${d.target}${d.fallback ? ' (fallback)' : ''} ${d.state}`);
  return { detail, escalation, audit, states: states.sort() };
};

const isDeliveryRecord = (input: SaveCaseInput) => (input.audit ?? []).some((a) => a.type === 'alert.delivered');

describe('a step settled on the case in one write', () => {
  it('sends the same alert ids again when the record write fails, and records each target once on the retry', async () => {
    // Prepare: desk-b fails for now; the first write recording deliveries fails.
    let refuse = 1;
    const { harness, deps } = await worker((input) => {
      if (isDeliveryRecord(input) && refuse-- > 0) throw new Error('DynamoDB is down');
    });
    const theCase = await breachedCase(harness, 'settle-fails', NOW, 'Where is my parcel?');
    failing.add('desk-b');

    // Act
    const first = await deliverAlertStep(levelOne(theCase), deps, 1).catch((error: Error) => error.message);
    const takenFirst = [...taken];
    failing.clear();
    const second = await deliverAlertStep(levelOne(theCase), deps, 2);

    // Assess: a and c took it twice under the same id (the receiver drops the copy), b once.
    expect(first).toBe('DynamoDB is down');
    expect(second).toEqual({ 'desk-a': 'delivered', 'desk-b': 'delivered', 'desk-c': 'delivered' });
    const ids = new Set(taken);
    expect(ids.size).toBe(3);
    expect(takenFirst.every((one) => ids.has(one))).toBe(true);
    const { states, audit } = await escalationOf(harness, theCase.id);
    expect(states).toEqual(['desk-a delivered', 'desk-b delivered', 'desk-c delivered']);
    expect(audit('alert.delivered')).toHaveLength(3);
    expect(audit('escalation.alerted')).toHaveLength(1);
    expect(audit('escalation.level_failed')).toHaveLength(0);
  });

  it('never counts a level as failed while a target that took it this attempt is still to be recorded', async () => {
    // Prepare: attempt 1, a and c fail for now and b's record write fails; attempt 2, a and c take
    // it while b fails for now. Every target of the level has taken the alert at least once.
    let refuse = 1;
    const { harness, deps } = await worker((input) => {
      if (isDeliveryRecord(input) && refuse-- > 0) throw new Error('DynamoDB is down');
    });
    const theCase = await breachedCase(harness, 'no-false-failover', NOW, 'Where is my parcel?');
    failing.add('desk-a');
    failing.add('desk-c');

    // Act
    await expect(deliverAlertStep(levelOne(theCase), deps, 1)).rejects.toThrow();
    failing.clear();
    failing.add('desk-b');
    await expect(deliverAlertStep(levelOne(theCase), deps, 2)).rejects.toBeInstanceOf(AlertStepRetryError);

    // Assess: the fallback target was not alerted and the level did not fail.
    expect(taken.filter((one) => one.startsWith('fallback-desk'))).toEqual([]);
    const { states, audit } = await escalationOf(harness, theCase.id);
    expect(audit('escalation.level_failed')).toHaveLength(0);
    expect(states).toEqual(['desk-a delivered', 'desk-b retrying', 'desk-c delivered']);
  });

  it('parks a refusing target only once its failure is on the case, so a failed record write cannot hide it', async () => {
    // Prepare: every desk refuses for good; the first write recording their failures fails.
    let refuse = 1;
    const { harness, deps, parked } = await worker((input) => {
      if ((input.audit ?? []).some((a) => a.type === 'alert.failed') && refuse-- > 0)
        throw new Error('DynamoDB is down');
    });
    const theCase = await breachedCase(harness, 'refused', NOW, 'Where is my parcel?');
    for (const name of DESKS) refusing.add(name);

    // Act
    await expect(deliverAlertStep(levelOne(theCase), deps, 1)).rejects.toThrow();
    await deliverAlertStep(levelOne(theCase), deps, 2);

    // Assess: each desk parked once, the level failed on the case and the fallback target alerted.
    expect(parked.sort()).toEqual([...DESKS]);
    const { states, audit } = await escalationOf(harness, theCase.id);
    expect(states).toEqual(['desk-a failed', 'desk-b failed', 'desk-c failed', 'fallback-desk (fallback) delivered']);
    expect(audit('escalation.level_failed')).toHaveLength(1);
  });

  it('sends and records the free targets when another worker holds one, and the held one later once', async () => {
    // Prepare: another worker holds desk-a's claim and dies.
    const { harness, claims, deps } = await worker();
    const theCase = await breachedCase(harness, 'busy', NOW, 'Where is my parcel?');
    const [heldJob] = levelOne(theCase).alerts;
    await claims.claim(`alert:${heldJob?.alertId}`, 60);

    // Act
    const first = deliverAlertStep(levelOne(theCase), deps, 1);
    await expect(first).rejects.toBeInstanceOf(AlertStepRetryError);
    const afterFirst = (await escalationOf(harness, theCase.id)).states;
    harness.clock.set('2026-03-02T10:01:01.000Z');
    const second = await deliverAlertStep(levelOne(theCase), deps, 2);

    // Assess
    expect(afterFirst).toEqual(['desk-b delivered', 'desk-c delivered']);
    expect(second).toEqual({ 'desk-a': 'delivered', 'desk-b': 'duplicate', 'desk-c': 'duplicate' });
    expect(taken.map((one) => one.split(' ')[0]).sort()).toEqual([...DESKS]);
    const { states, audit } = await escalationOf(harness, theCase.id);
    expect(states).toEqual(['desk-a delivered', 'desk-b delivered', 'desk-c delivered']);
    expect(audit('escalation.alerted')).toHaveLength(1);
  });

  it('alerts the fallback target once when every target of the last level fails, and records it', async () => {
    // Prepare
    const { harness, deps } = await worker();
    const theCase = await breachedCase(harness, 'fallback', NOW, 'Where is my parcel?');
    for (const name of DESKS) failing.add(name);

    // Act: the step fails twice, then every desk takes it.
    await expect(deliverAlertStep(levelOne(theCase), deps, 1)).rejects.toBeInstanceOf(AlertStepRetryError);
    await expect(deliverAlertStep(levelOne(theCase), deps, 2)).rejects.toBeInstanceOf(AlertStepRetryError);
    failing.clear();
    const third = await deliverAlertStep(levelOne(theCase), deps, 3);

    // Assess
    expect(third).toEqual({ 'desk-a': 'delivered', 'desk-b': 'delivered', 'desk-c': 'delivered' });
    expect(taken.filter((one) => one.startsWith('fallback-desk'))).toHaveLength(1);
    const { states, audit } = await escalationOf(harness, theCase.id);
    expect(states).toEqual([
      'desk-a delivered',
      'desk-b delivered',
      'desk-c delivered',
      'fallback-desk (fallback) delivered',
    ]);
    expect(audit('escalation.level_failed')).toHaveLength(1);
    expect(audit('alert.delivered')).toHaveLength(4);
  });

  it('keeps what another writer changed when the case moves on during the record write', async () => {
    // Prepare: just before the first record write, someone else assigns the case.
    let assigned = false;
    const { harness, deps, writes } = await worker(async (input, save) => {
      if (!isDeliveryRecord(input) || assigned) return;
      assigned = true;
      const stored = await harness.deps.store.getCase(input.case.id);
      if (!stored) return;
      await save({
        case: { ...stored, assignee: 'sam', version: stored.version + 1 },
        expectedVersion: stored.version,
      });
    });
    const theCase = await breachedCase(harness, 'moved', NOW, 'Where is my parcel?');

    // Act
    const outcome = await deliverAlertStep(levelOne(theCase), deps, 1);

    // Assess
    expect(outcome).toEqual({ 'desk-a': 'delivered', 'desk-b': 'delivered', 'desk-c': 'delivered' });
    const { detail, states, audit } = await escalationOf(harness, theCase.id);
    expect(detail?.case.assignee).toBe('sam');
    expect(states).toEqual(['desk-a delivered', 'desk-b delivered', 'desk-c delivered']);
    expect(audit('alert.delivered')).toHaveLength(3);
    expect(audit('escalation.alerted')).toHaveLength(1);
    expect(writes.filter(isDeliveryRecord).length).toBeGreaterThanOrEqual(2);
  });

  it('sends a warning step without writing the case, and a retry of it sends nothing', async () => {
    // Prepare: a case whose first-response clock still runs.
    const { harness, deps, writes } = await worker();
    const opened = await ingestInboundEvent(customerMessage('warned', NOW, 'hello?'), harness.deps);
    const theCase = await harness.deps.store.getCase(opened.caseId ?? '');
    if (!theCase) throw new Error('expected a case');
    const chain = harness.deps.config.escalationChains.social;
    if (!chain) throw new Error('expected the chain');
    const alerts: AlertJob[] = warningAlerts(theCase, 'firstResponse', 1, chain, NOW);
    const before = writes.length;

    // Act
    const first = await deliverAlertStep({ alerts }, deps, 1);
    const again = await deliverAlertStep({ alerts }, deps, 2);

    // Assess
    expect(first).toEqual({ 'desk-a': 'delivered', 'desk-b': 'delivered', 'desk-c': 'delivered' });
    expect(again).toEqual({ 'desk-a': 'duplicate', 'desk-b': 'duplicate', 'desk-c': 'duplicate' });
    expect(writes.length).toBe(before);
    expect(taken).toHaveLength(3);
  });
});
