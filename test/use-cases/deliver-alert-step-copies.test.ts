/**
 * Two copies of one escalation step (the timer fired twice, a retry racing a redelivery) are
 * delivered at once by two workers. A target whose alert the other copy is sending right now must
 * not count as failed for the level: the level fails only once every target really failed, and a
 * copy that died holding a target's claim delays that decision by its lease, not for ever.
 * In-memory adapters, fixed clock; each desk's answer is given by the test, send by send.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AlertDeliveryError } from '../../functions/alerts/errors.ts';
import { registerTarget } from '../../functions/alerts/targets/registry.ts';
import { defineTarget } from '../../functions/alerts/targets/target-module.ts';
import type { Case } from '../../functions/domain/case.ts';
import type { AlertStep } from '../../functions/domain/queue-messages.ts';
import { AlertStepRetryError, deliverAlertStep } from '../../functions/use-cases/deliver-alert-step.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { deliveryPorts } from '../support/delivery-ports.ts';
import { MemoryClaims } from '../support/fakes/memory-claims.ts';
import { breachedCase, breachJob, type TriageHarness, triageHarness } from './triage-support.ts';

const NOW = '2026-03-02T10:00:00.000Z';
const DESKS = ['desk-a', 'desk-b', 'desk-c'] as const;
type Answer = 'take' | 'fail';

/** Sends waiting for the test's answer, per desk, oldest first; desks not held answer at once. */
const waiting = new Map<string, ((answer: Answer) => void)[]>();
const held = new Set<string>();
const failing = new Set<string>();
const taken: string[] = [];

const desk = defineTarget({
  type: 'copies-desk',
  schema: z.strictObject({ type: z.literal('copies-desk'), name: z.string() }),
  capabilities: { pages: false, acknowledges: true, resolves: true, interactive: false },
  secretNames: () => [],
  sendAlert: async (_alert, target) => {
    const name = target.config.name;
    const answer = held.has(name)
      ? await new Promise<Answer>((answered) => waiting.set(name, [...(waiting.get(name) ?? []), answered]))
      : failing.has(name)
        ? 'fail'
        : 'take';
    if (answer === 'fail') throw new AlertDeliveryError({ target: name, reason: 'down for now', permanent: false });
    taken.push(name);
  },
  sendNotice: async () => undefined,
});

beforeAll(() => {
  registerTarget(desk);
});

/** Lets every pending promise settle, so a copy gets as far as it can before the next answer. */
const settle = async () => {
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
};

/** Gives the oldest send waiting at `name` its answer. */
const answer = async (name: string, what: Answer) => {
  await settle();
  const [first, ...rest] = waiting.get(name) ?? [];
  if (!first) throw new Error(`no send is waiting at ${name}`);
  waiting.set(name, rest);
  first(what);
  await settle();
};

/** Level 1 is the chain's last: when all its desks fail, the fallback desk is alerted. */
const worker = async (conversation: string) => {
  for (const set of [waiting, held, failing]) set.clear();
  taken.length = 0;
  const config = triageConfig({
    escalationChains: { social: { levels: [{ notify: [...DESKS] }] } },
    targets: {
      ...Object.fromEntries([...DESKS, 'fallback-desk'].map((name) => [name, { type: 'copies-desk', name }])),
      comms: { type: 'console' },
      'baggage-desk': { type: 'console' },
    },
    alerts: { fallback: 'fallback-desk' },
  });
  const harness = await triageHarness(config, NOW);
  const claims = new MemoryClaims(harness.clock);
  const deps = {
    deliver: {
      store: harness.deps.store,
      claims,
      clock: harness.clock,
      config,
      newId: harness.deps.newId,
      ...deliveryPorts(config, harness.clock, { secrets: async () => undefined }),
    },
    permanent: () => undefined,
    park: async () => undefined,
  };
  const theCase = await breachedCase(harness, conversation, NOW, 'Where is my parcel?');
  return { harness, claims, deps, theCase, step: levelOne(theCase) };
};

const levelOne = (theCase: Case): AlertStep => ({ alerts: DESKS.map((name) => breachJob(theCase, name)) });

const onTheCase = async (harness: TriageHarness, caseId: string) => {
  const detail = await harness.deps.store.getCaseDetail(caseId);
  const escalation = detail?.case.escalations?.find((e) => e.id === 'firstResponse:1');
  const states = (escalation?.deliveries ?? []).map((d) => `${d.target}${d.fallback ? ' (fallback)' : ''} ${d.state}`);
  const levelFailed = detail?.audit.filter((a) => a.type === 'escalation.level_failed').length ?? 0;
  return { states: states.sort(), levelFailed };
};

/**
 * Copy A holds all three desks; desk-c fails for it at once, so copy B takes desk-c's claim and
 * sends there (A's desk-a and desk-b are busy for B); then desk-a and desk-b fail for A.
 */
const raceTwoCopies = async (conversation: string) => {
  const race = await worker(conversation);
  for (const name of DESKS) held.add(name);
  const copyA = deliverAlertStep(race.step, race.deps, 1).catch((error: unknown) => error);
  await answer('desk-c', 'fail');
  const copyB = deliverAlertStep(race.step, race.deps, 1).catch((error: unknown) => error);
  await settle();
  await answer('desk-a', 'fail');
  await answer('desk-b', 'fail');
  return { ...race, copyA: await copyA, copyB };
};

describe('two copies of one step delivered at once', () => {
  it('does not fail the level while the other copy is still sending to a target whose failure was recorded', async () => {
    // Prepare, Act: A records all three desks failed while B's send to desk-c is under way.
    const { harness, theCase, copyA, copyB } = await raceTwoCopies('copies-in-flight');
    const whileSending = await onTheCase(harness, theCase.id);
    await answer('desk-c', 'take');

    // Assess: A's write did not fail the level; B's delivery to desk-c is recorded, nobody else paged.
    expect(copyA).toBeInstanceOf(AlertStepRetryError);
    expect(whileSending.levelFailed).toBe(0);
    expect(taken).toEqual(['desk-c']);
    expect(await copyB).toBeInstanceOf(AlertStepRetryError);
    const { states, levelFailed } = await onTheCase(harness, theCase.id);
    expect(states).toEqual(['desk-a retrying', 'desk-b retrying', 'desk-c delivered']);
    expect(levelFailed).toBe(0);
  });

  it('fails the level once, when the copy still sending fails too', async () => {
    // Prepare, Act
    const { harness, theCase, copyB } = await raceTwoCopies('copies-both-fail');
    await answer('desk-c', 'fail');

    // Assess: B's own failure completes the level; the fallback desk is alerted once.
    expect(await copyB).toBeInstanceOf(AlertStepRetryError);
    const { states, levelFailed } = await onTheCase(harness, theCase.id);
    expect(levelFailed).toBe(1);
    expect(taken).toEqual(['fallback-desk']);
    expect(states).toEqual([
      'desk-a retrying',
      'desk-b retrying',
      'desk-c retrying',
      'fallback-desk (fallback) delivered',
    ]);
  });

  it('decides the level on the retry after the lease of a copy that died holding a target', async () => {
    // Prepare: desk-a fails for the step, then a copy takes desk-a's claim and dies; desk-b and desk-c fail.
    const { harness, claims, deps, theCase, step } = await worker('copies-crashed');
    for (const name of DESKS) held.add(name);

    // Act: the step now, and its retry once the dead copy's lease ran out.
    const first = deliverAlertStep(step, deps, 1).catch((error: unknown) => error);
    await answer('desk-a', 'fail');
    expect(await claims.claim(`alert:${breachJob(theCase, 'desk-a').alertId}`, 60)).toBe('claimed');
    await answer('desk-b', 'fail');
    await answer('desk-c', 'fail');
    const beforeLease = await onTheCase(harness, theCase.id);
    held.clear();
    for (const name of DESKS) failing.add(name);
    harness.clock.set('2026-03-02T10:03:00.000Z');
    const retry = await deliverAlertStep(step, deps, 2).catch((error: unknown) => error);

    // Assess: desk-a did not count as failed while held; the retry sent to it again, and the level failed once.
    expect(await first).toBeInstanceOf(AlertStepRetryError);
    expect(beforeLease).toEqual({ states: ['desk-a retrying', 'desk-b retrying', 'desk-c retrying'], levelFailed: 0 });
    expect(retry).toBeInstanceOf(AlertStepRetryError);
    const { states, levelFailed } = await onTheCase(harness, theCase.id);
    expect(levelFailed).toBe(1);
    expect(taken).toEqual(['fallback-desk']);
    expect(states).toContain('fallback-desk (fallback) delivered');
  });
});
