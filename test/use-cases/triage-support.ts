/**
 * The intake use case on the in-memory adapters (test/support/fakes) with everything else
 * recorded: a clock the test holds still, an alert queue and event publisher that keep what they were given.
 */
import { monotonicFactory } from 'ulid';
import type { SundownConfig } from '../../functions/config/schema.ts';
import type { Case } from '../../functions/domain/case.ts';
import type { AlertJob } from '../../functions/domain/escalation.ts';
import { type InboundEvent, type InboundEventInput, inboundEventSchema } from '../../functions/domain/inbound-event.ts';
import { breachTimer } from '../../functions/domain/sla/index.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { type IngestDeps, ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { sweepDueTimers } from '../../functions/use-cases/sweep-timers.ts';
import { FixedClock } from '../support/fakes/fixed-clock.ts';
import { type MemoryAdapters, memoryAdapters } from '../support/fakes/memory-adapters.ts';
import type { MemoryCaseStore } from '../support/fakes/memory-case-store.ts';
import type { MemoryFeedbackStore } from '../support/fakes/memory-feedback-store.ts';
import { RecordingAlertQueue, RecordingPublisher } from '../support/fakes/recorders.ts';

export { FixedClock, RecordingAlertQueue, RecordingPublisher };

export interface TriageHarness {
  readonly deps: IngestDeps & { readonly store: MemoryCaseStore; readonly feedback: MemoryFeedbackStore };
  readonly clock: FixedClock;
  readonly alerts: RecordingAlertQueue;
  readonly bus: RecordingPublisher;
  /** The rest of the in-memory adapters behind `deps` (claims, link ledger, timer index). */
  readonly memory: MemoryAdapters;
}

export const triageHarness = async (config: SundownConfig, now: string): Promise<TriageHarness> => {
  const clock = new FixedClock(new Date(now));
  const alerts = new RecordingAlertQueue();
  const bus = new RecordingPublisher();
  const newId = monotonicFactory();
  const memory = memoryAdapters(clock, newId);
  const deps = {
    store: memory.store,
    publisher: bus,
    outbox: memory.outbox,
    clock,
    config,
    newId,
    timerQueue: { send: async () => undefined },
    timerIndex: memory.timerIndex,
    alertQueue: alerts,
    counters: memory.counters,
    feedback: memory.feedback,
  };
  return { deps, clock, alerts, bus, memory };
};

/**
 * Runs the sweeper at each whole minute after `start` (minute 2 on) until a minute past `dueAt`,
 * and returns every timer it handed to the timer queue; `deliver`, when given, takes each batch
 * as the timer worker would.
 */
export const sweepEachMinuteThrough = async (
  harness: TriageHarness,
  start: string,
  dueAt: string,
  deliver?: (timers: readonly Timer[]) => Promise<void>,
): Promise<Timer[]> => {
  const sent: Timer[] = [];
  const sweep = {
    ...harness.deps,
    timerQueue: {
      send: async (timers: readonly Timer[]) => {
        sent.push(...timers);
        await deliver?.(timers);
      },
    },
  };
  for (let minute = 2; Date.parse(start) + minute * 60_000 <= Date.parse(dueAt) + 60_000; minute++) {
    harness.clock.set(new Date(Date.parse(start) + minute * 60_000).toISOString());
    await sweepDueTimers(sweep);
  }
  return sent;
};

/** A customer's message on a channel, through the generic inbound source shape. */
export const customerMessage = (
  id: string,
  at: string,
  text: string,
  overrides: Partial<InboundEventInput> = {},
): InboundEvent =>
  inboundEventSchema.parse({
    version: 1,
    eventId: `event-${id}`,
    platform: 'inbound',
    channel: 'chat',
    action: 'message',
    brandAccount: 'chat',
    threadKey: `conversation-${id}`,
    platformMessageId: `message-${id}`,
    direction: 'inbound',
    author: { id: `author-${id}`, name: `Customer ${id}` },
    identities: [{ kind: 'email', value: `${id}@example.com` }],
    text,
    occurredAt: at,
    receivedAt: at,
    raw: {},
    ...overrides,
  });

/** The stored case with its first-response chain breached at `breachedAt` and standing at `level`, saved. */
export const withBreachedChain = async (
  harness: TriageHarness,
  stored: Case,
  breachedAt: string,
  level = 1,
): Promise<Case> => {
  const escalation = {
    id: 'firstResponse:1',
    clock: 'firstResponse',
    chain: 'social',
    breachedAt,
    level,
    round: 0,
    lastAlertAt: breachedAt,
  } as const;
  const breached = { ...stored, escalations: [escalation], version: stored.version + 1 };
  await harness.deps.store.saveCase({ case: breached, expectedVersion: stored.version });
  return breached;
};

/** The case a customer's first message at `at` opened, as stored. */
export const openedCase = async (harness: TriageHarness, conversation: string, at: string, text: string) => {
  const outcome = await ingestInboundEvent(customerMessage(conversation, at, text), harness.deps);
  const stored = await harness.deps.store.getCase(outcome.caseId ?? '');
  if (!stored) throw new Error('expected a case');
  return stored;
};

/** The breach timer of the case's running first-response clock. */
export const dueBreach = (theCase: Case): Timer => {
  const clock = theCase.sla?.clocks.firstResponse;
  const timer = clock && breachTimer(theCase.id, clock);
  if (!timer) throw new Error('expected a running first-response clock');
  return timer;
};

/** A customer's case whose first response breached at `at`, its chain at `level`. */
export const breachedCase = async (
  harness: TriageHarness,
  conversation: string,
  at: string,
  text: string,
  level = 1,
): Promise<Case> => withBreachedChain(harness, await openedCase(harness, conversation, at, text), at, level);

/** A case from a blocked author (so suppressed) whose first-response clock breached at `breachedAt`. */
export const suppressedBreachedCase = async (harness: TriageHarness, id: string, breachedAt: string): Promise<Case> => {
  const event = customerMessage(id, breachedAt, 'hello?', { author: { id: 'bot', handle: 'spambot' } });
  const outcome = await ingestInboundEvent(event, harness.deps);
  const stored = await harness.deps.store.getCase(outcome.caseId ?? '');
  if (!stored?.suppressed) throw new Error('expected a suppressed case');
  return withBreachedChain(harness, stored, breachedAt);
};

/** That case's level-1 breach alert to one target. */
export const breachJob = (theCase: Case, target: string): AlertJob => ({
  alertId: `${theCase.id}:firstResponse:1:breach:L1:R0:${target}`,
  caseId: theCase.id,
  target,
  kind: 'breach',
  escalationId: 'firstResponse:1',
  clock: 'firstResponse',
  level: 1,
  round: 0,
});
