/**
 * The intake use case on DynamoDB Local with everything else recorded in memory: a clock the
 * test holds still, an alert queue and event publisher that keep what they were given.
 */
import { monotonicFactory } from 'ulid';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import { DynamoOutbox } from '../../functions/adapters/dynamodb/outbox.ts';
import { DynamoTimerIndex } from '../../functions/adapters/dynamodb/timer-index.ts';
import { DynamoWindowCounters } from '../../functions/adapters/dynamodb/window-counters.ts';
import type { SundownConfig } from '../../functions/config/schema.ts';
import type { Case } from '../../functions/domain/case.ts';
import type { AlertJob } from '../../functions/domain/escalation.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { type InboundEvent, type InboundEventInput, inboundEventSchema } from '../../functions/domain/inbound-event.ts';
import type { Notice } from '../../functions/domain/queue-messages.ts';
import type { AlertQueue, Clock, EventPublisher } from '../../functions/ports.ts';
import { type IngestDeps, ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { freshTable } from '../support/dynamo.ts';

export class FixedClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

export class RecordingAlertQueue implements AlertQueue {
  readonly jobs: AlertJob[] = [];
  readonly notices: Notice[] = [];
  async send(jobs: readonly AlertJob[]): Promise<void> {
    this.jobs.push(...jobs);
  }
  async sendNotices(notices: readonly Notice[]): Promise<void> {
    this.notices.push(...notices);
  }
}

export class RecordingPublisher implements EventPublisher {
  readonly events: DomainEvent[] = [];
  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

export interface TriageHarness {
  readonly deps: IngestDeps & { readonly store: DynamoCaseStore; readonly feedback: DynamoFeedbackStore };
  readonly clock: FixedClock;
  readonly alerts: RecordingAlertQueue;
  readonly bus: RecordingPublisher;
}

export const triageHarness = async (config: SundownConfig, now: string): Promise<TriageHarness> => {
  const { tableName, documentClient: client } = await freshTable();
  const clock = new FixedClock(new Date(now));
  const alerts = new RecordingAlertQueue();
  const bus = new RecordingPublisher();
  const deps = {
    store: new DynamoCaseStore({ client, tableName }),
    publisher: bus,
    outbox: new DynamoOutbox({ client, tableName }),
    clock,
    config,
    newId: monotonicFactory(),
    timerQueue: { send: async () => undefined },
    timerIndex: new DynamoTimerIndex({ client, tableName }),
    alertQueue: alerts,
    counters: new DynamoWindowCounters({ client, tableName }),
    feedback: new DynamoFeedbackStore({ client, tableName }),
  };
  return { deps, clock, alerts, bus };
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

/** A case from a blocked author (so suppressed) whose first-response clock breached at `breachedAt`. */
export const suppressedBreachedCase = async (harness: TriageHarness, id: string, breachedAt: string): Promise<Case> => {
  const event = customerMessage(id, breachedAt, 'hello?', { author: { id: 'bot', handle: 'spambot' } });
  const outcome = await ingestInboundEvent(event, harness.deps);
  const stored = await harness.deps.store.getCase(outcome.caseId ?? '');
  if (!stored?.suppressed) throw new Error('expected a suppressed case');
  const escalation = {
    id: 'firstResponse:1',
    clock: 'firstResponse',
    chain: 'social',
    breachedAt,
    level: 1,
    round: 0,
    lastAlertAt: breachedAt,
  } as const;
  const withEscalation = { ...stored, escalations: [escalation], version: stored.version + 1 };
  await harness.deps.store.saveCase({ case: withEscalation, expectedVersion: stored.version });
  return withEscalation;
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
