/**
 * The interfaces the use cases need. Adapters in functions/adapters implement them.
 */
import type { Identity } from './domain/case.ts';
import type { DomainEvent } from './domain/events.ts';
import type { Timer } from './domain/sla/types.ts';

export interface Clock {
  now(): Date;
}

export type { CaseLinkRequest, CaseLinks } from './ports/case-links.ts';
export type {
  CaseLister,
  CaseLookup,
  CaseQuery,
  CaseReader,
  CaseScope,
  CaseStore,
  CaseWriter,
  CreateCaseInput,
  CustomerDirectory,
  MessageChange,
  MessageRef,
  Page,
  ParkedEvents,
  ProcessedEvents,
  SaveCaseInput,
} from './ports/case-store.ts';
export type { DeadLetterQueue } from './ports/dead-letters.ts';
export type { MetricsRecorder } from './ports/metrics.ts';
export type { FollowUpAction, Notifier, NotifierTarget, TargetCapabilities } from './ports/notifier.ts';
export type { Secrets } from './ports/secrets.ts';

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

/** Domain events stored with the change that caused them and not yet known to be published. */
export interface Outbox {
  /** Up to `limit` events stored before `olderThan`, oldest first within each shard. */
  pending(olderThan: Date, limit: number): Promise<readonly DomainEvent[]>;
  /** Keeps events whose publishing failed after their write, for the relay. */
  add(events: readonly DomainEvent[]): Promise<void>;
  /** Forgets published events; forgetting one twice is harmless. */
  done(events: readonly DomainEvent[]): Promise<void>;
}

/** Durable hand-over from the webhook receiver to the intake processor. */
export interface IntakeQueue {
  send(events: readonly import('./domain/inbound-event.ts').InboundEvent[]): Promise<void>;
}

/** One shard of one minute of the due-time index, as the sweeper reads it. */
export interface DueShard {
  /** Its timers, less those a writer handed to the timer queue itself. */
  readonly timers: readonly Timer[];
  /** When a sweep last handed the shard's timers over, if one did. */
  readonly sweptAt?: string;
}

/** The sharded due-time index of SLA and escalation deadlines. */
export interface TimerIndex {
  /** How many shards each minute is spread over; the sweeper reads them in parallel. */
  readonly shards: number;
  /** One shard of a minute (`YYYY-MM-DDTHH:MM`), read whole. */
  readShard(minute: string, shard: number): Promise<DueShard>;
  /** One write per shard, not per timer: a sweep at `at` handed over every timer the shard held. */
  markSwept(minute: string, shard: number, at: string): Promise<void>;
  /** A writer handed these near deadlines to the timer queue itself. */
  markDispatched(timers: readonly Timer[], at: string): Promise<void>;
  /** Deadlines that no longer hold (the case was answered or resolved) leave the index unqueued. */
  cancel(timers: readonly Timer[]): Promise<void>;
  /** The first minute not yet swept, if the sweeper ever ran. */
  readCursor(): Promise<string | undefined>;
  /** Moves the cursor only if nobody else moved it since `expected`; false if they did. */
  writeCursor(minute: string, expected: string | undefined): Promise<boolean>;
}

/** Hands due timers to the timer worker, each delayed so it arrives at its deadline. */
export interface TimerQueue {
  send(timers: readonly Timer[], now: Date): Promise<void>;
  /** How many timers one send hands over in one round of calls, if it has such rounds. */
  readonly sendsAtOnce?: number;
}

/** Alert jobs for the alert worker: one per alert and target. */
export interface AlertQueue {
  send(jobs: readonly import('./domain/escalation.ts').AlertJob[]): Promise<void>;
  /** Notices (hand-offs, reminders, surges, digests) for the alert worker: one per notice and target. */
  sendNotices(notices: readonly import('./domain/queue-messages.ts').Notice[]): Promise<void>;
}

/**
 * What makes signed links revocable and their action tokens single-use (alerts/links.ts): a
 * per-case link epoch, and the nonces of the action tokens already used.
 */
export interface LinkLedger {
  /** The case's link epoch: 0 until its links are first revoked. */
  epoch(caseId: string): Promise<number>;
  /** Invalidates every link of the case signed so far and audits it; the new epoch, or undefined for no such case. */
  revoke(caseId: string, actor: string): Promise<number | undefined>;
  /** Records the token's nonce as used; false when it already was (the token is spent). */
  spend(caseId: string, nonce: string, expiresAt: Date): Promise<boolean>;
  spent(caseId: string, nonce: string): Promise<boolean>;
}

/** Leased claims on side effects outside the table, so two workers never both perform one. */
export interface Claims {
  /** `claimed`: go ahead; `done`: someone already did it; `busy`: someone is doing it now. */
  claim(key: string, leaseSeconds: number): Promise<'claimed' | 'done' | 'busy'>;
  complete(key: string, detail: Readonly<Record<string, unknown>>): Promise<void>;
  /** Gives the claim up after a failure, so a retry can take it. */
  release(key: string): Promise<void>;
  /** True while someone holds the claim: taken, neither completed nor released, its lease not run out. */
  held(key: string): Promise<boolean>;
}

/** What erasing one customer changed; counts only, so it can be logged and audited. */
export interface ErasureReport {
  readonly customerId: string;
  readonly cases: readonly string[];
  readonly messages: number;
  readonly auditEntries: number;
  readonly identities: number;
}

/** Right to erasure: removes a customer's personal data, keeping timestamps, clocks and scores. */
export interface CustomerErasure {
  findCustomerIdByIdentity(identity: Identity): Promise<string | undefined>;
  /** Idempotent: erasing twice leaves the same data. Undefined if the customer is unknown. */
  eraseCustomer(
    customerId: string,
    audit: { readonly at: string; readonly actor: string; readonly newId: () => string },
  ): Promise<ErasureReport | undefined>;
}

/** Sliding-window counters and open-once alarms: surges on a topic or thread, repeated abuse by one author. */
export interface WindowCounters {
  /** Counts one occurrence of `key` at `at` and returns how many fell within the `windowMs` ending at `at`. */
  add(key: string, at: Date, windowMs: number): Promise<number>;
  /**
   * True for exactly one caller while the alarm on `key` is closed; it stays open until `until`,
   * and every later call while it is open keeps it open that long and returns false.
   */
  openAlarm(key: string, now: Date, until: Date): Promise<boolean>;
  /** Closes the alarm this caller opened at `openedAt` (its alert could not be sent), so the next occurrence reopens it. */
  releaseAlarm(key: string, openedAt: Date): Promise<void>;
}

/** A case tagged with a topic, waiting for its department's next digest. */
export interface FeedbackItem {
  readonly department: string;
  readonly topic: string;
  readonly caseId: string;
  readonly at: string;
  readonly channel: string;
  readonly subject: string;
}

/** Feedback items per department, and each department's digest cursor. */
export interface FeedbackStore {
  add(items: readonly FeedbackItem[]): Promise<void>;
  /** Items recorded at or after `from` and before `to`, oldest first. */
  list(department: string, from: string, to: string): Promise<readonly FeedbackItem[]>;
  /** End of the last period whose digest was sent, if any was. */
  readCursor(department: string): Promise<string | undefined>;
  /** Moves the cursor only if nobody else moved it since `expected`; false if they did. */
  writeCursor(department: string, to: string, expected: string | undefined): Promise<boolean>;
}
