/**
 * Follow-ups through the real use cases on the in-memory adapters (test/support/fakes), with a
 * clock the test holds still and the alert queue, timer queue and event bus recorded. Timers are
 * read back from the due-time index, as the sweeper would find them.
 */
import { monotonicFactory } from 'ulid';
import type { SundownConfig } from '../../functions/config/schema.ts';
import type { Case } from '../../functions/domain/case.ts';
import type { AlertJob } from '../../functions/domain/escalation.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { type InboundEvent, type InboundEventInput, inboundEventSchema } from '../../functions/domain/inbound-event.ts';
import type { Notice } from '../../functions/domain/queue-messages.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import type { AlertQueue, EventPublisher } from '../../functions/ports.ts';
import { type FireOutcome, fireTimer } from '../../functions/use-cases/fire-timer.ts';
import type { FollowUpDeps } from '../../functions/use-cases/followups.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { FixedClock } from '../support/fakes/fixed-clock.ts';
import { memoryAdapters } from '../support/fakes/memory-adapters.ts';

/** The alert queue and the event bus in one, so a test reads what a change sent in one place. */
class Recorder implements AlertQueue, EventPublisher {
  readonly jobs: AlertJob[] = [];
  readonly notices: Notice[] = [];
  readonly events: DomainEvent[] = [];
  async send(jobs: readonly AlertJob[]): Promise<void> {
    this.jobs.push(...jobs);
  }
  async sendNotices(notices: readonly Notice[]): Promise<void> {
    this.notices.push(...notices);
  }
  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

export const LINK_SECRET = 'test-link-signing-secret';

export const followUpHarness = async (config: SundownConfig, now: string) => {
  const clock = new FixedClock(new Date(now));
  const recorded = new Recorder();
  const { store, timerIndex, outbox, counters, feedback, claims } = memoryAdapters(clock);
  const deps = {
    store,
    publisher: recorded,
    outbox,
    alertQueue: recorded,
    clock,
    config,
    newId: monotonicFactory(),
    timerQueue: { send: async () => undefined },
    timerIndex,
    baseUrl: 'https://sundown.example.com',
    linkSecret: async () => LINK_SECRET,
  } satisfies FollowUpDeps;
  const ingestDeps = { ...deps, counters, feedback };

  /** Applies a platform event at its receivedAt and returns the case as stored. */
  const ingest = async (event: InboundEvent): Promise<Case> => {
    clock.set(event.receivedAt);
    const outcome = await ingestInboundEvent(event, ingestDeps);
    if (outcome.outcome !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(outcome)}`);
    return current(outcome.caseId);
  };

  const current = async (caseId: string): Promise<Case> => {
    const stored = await store.getCase(caseId);
    if (!stored) throw new Error(`case ${caseId} not stored`);
    return stored;
  };

  /** The follow-up timers of a case the due-time index holds for the minute of `dueAt`. */
  const timersAt = async (caseId: string, dueAt: string): Promise<Timer[]> => {
    const minute = dueAt.slice(0, 16);
    const shards = Array.from({ length: timerIndex.shards }, (_, shard) => timerIndex.readShard(minute, shard));
    return (await Promise.all(shards)).flatMap((s) => s.timers).filter((t) => t.caseId === caseId);
  };

  /** The one timer of this kind for a follow-up deadline, as stored in the index. */
  const timer = async (caseId: string, kind: Timer['kind'], dueAt: string): Promise<Timer> => {
    const found = (await timersAt(caseId, dueAt)).find((t) => t.kind === kind && t.clock === 'followUp');
    if (!found) throw new Error(`no ${kind} follow-up timer at ${dueAt} for ${caseId}`);
    return found;
  };

  /** The timer worker, at the timer's deadline. */
  const fire = (due: Timer, at = due.dueAt): Promise<FireOutcome> => {
    clock.set(at);
    return fireTimer(due, { ...deps, claims });
  };

  return { deps, clock, recorded, store, ingest, current, timer, timersAt, fire };
};

export type FollowUpHarness = Awaited<ReturnType<typeof followUpHarness>>;

/** A message in a conversation; `whatsapp` by default, from the customer unless `outbound`. */
export const messageEvent = (id: string, at: string, overrides: Partial<InboundEventInput> = {}): InboundEvent => {
  const outbound = overrides.direction === 'outbound';
  return inboundEventSchema.parse({
    version: 1,
    eventId: `event-${id}`,
    platform: 'meta',
    channel: 'whatsapp',
    action: 'message',
    brandAccount: 'WA1',
    threadKey: '16505551234',
    platformMessageId: `wamid.${id}`,
    direction: 'inbound',
    author: outbound ? { id: 'WA1' } : { id: '16505551234', name: 'Sheena Nelson' },
    identities: outbound ? [{ kind: 'whatsapp', value: '16505551234' }] : [],
    text: outbound ? 'We are on it' : 'where is my refund?',
    occurredAt: at,
    receivedAt: at,
    raw: {},
    ...overrides,
  });
};
