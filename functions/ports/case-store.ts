/**
 * The case store, split by concern so each use case names only what it uses (reading cases,
 * writing changes, listing, lookups, parked and processed events, customers). `CaseStore` is
 * all of them: the DynamoDB adapter and the in-memory fake implement it whole.
 */
import type { AuditEntry, Case, CaseDetail, CaseStatus, Customer, Identity, Message } from '../domain/case.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { InboundEvent } from '../domain/inbound-event.ts';
import type { MessageChange } from '../domain/message-change.ts';
import type { Timer } from '../domain/sla/types.ts';

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  readonly cursor?: string;
}

/** A change to one message, applied in the same transaction as the case update. */
export type { MessageChange };

export interface SaveCaseInput {
  /** The case as it should be stored; its version must be expectedVersion + 1. */
  readonly case: Case;
  readonly expectedVersion: number;
  readonly audit?: readonly AuditEntry[];
  readonly message?: MessageChange;
  /**
   * Durable dedupe key of the platform event that caused this change. If it was already
   * recorded, nothing is written and DuplicateEventError is thrown.
   */
  readonly idempotencyKey?: string;
  /** Deadlines to put in the due-time index, in the same transaction. */
  readonly timers?: readonly Timer[];
  /** Domain events of this change, put in the outbox in the same transaction. */
  readonly events?: readonly DomainEvent[];
  /** See CreateCaseInput. */
  readonly eventsOnMarker?: readonly DomainEvent[];
  /**
   * Keep the idempotency key's marker with the case, holding this write's audit entries: one item
   * instead of two. Its writer then looks it up by case, `processedEvents(key, { caseId })`. For a
   * write that stores no new message and whose writer knows the case before it reads (a fired timer).
   */
  readonly markerInCase?: boolean;
}

/** Where a case's own marker is found (`SaveCaseInput.markerInCase`). */
export interface CaseScope {
  readonly caseId: string;
}

export interface MessageRef {
  readonly channel: Message['channel'];
  readonly platformMessageId: string;
}

export interface CreateCaseInput {
  readonly case: Case;
  readonly audit: readonly AuditEntry[];
  readonly conversation?: { readonly replaces?: string };
  /** The message that opens the case and the event it came from. */
  readonly message?: Message;
  readonly idempotencyKey?: string;
  readonly timers?: readonly Timer[];
  readonly events?: readonly DomainEvent[];
  /**
   * Domain events the caller publishes itself right after the write, rather than through the
   * outbox: kept on the idempotency key's marker (needs idempotencyKey), so that a redelivery of
   * the same platform event, found processed, publishes them again (`processedEvents`).
   */
  readonly eventsOnMarker?: readonly DomainEvent[];
}

export interface CaseQuery {
  readonly status?: CaseStatus;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface CaseReader {
  getCase(id: string): Promise<Case | undefined>;
  getCaseDetail(id: string): Promise<CaseDetail | undefined>;
}

export interface CaseWriter {
  /**
   * Creates the case, with its first message when given, in one transaction. With `conversation`,
   * it also becomes the customer's latest case with the brand: ConversationTakenError if another
   * case is, unless it is `conversation.replaces` (an older case the customer moves on from).
   * VersionConflictError if a case with its id exists (another attempt at the same event opened it).
   */
  createCase(input: CreateCaseInput): Promise<void>;
  /**
   * Atomically: checks the version, writes the case, appends audit entries, applies the message
   * change and records the idempotency key. Throws VersionConflictError or DuplicateEventError.
   */
  saveCase(input: SaveCaseInput): Promise<void>;
}

export interface CaseLister {
  listCases(query: CaseQuery): Promise<Page<Case>>;
  /** The customer's cases, newest first. */
  listCustomerCases(customerId: string, limit?: number): Promise<readonly Case[]>;
}

/** Where a customer's conversation and a platform message live. */
export interface CaseLookup {
  /** The customer's latest case with the brand, if any: their next message may join it. */
  findConversation(customerId: string, brand: string): Promise<string | undefined>;
  /** Where a platform message is stored, if it is. */
  findMessage(channel: Message['channel'], platformMessageId: string): Promise<Message | undefined>;
}

/** Events that wait for something not stored yet (see `waitingOn` in the domain). */
export interface ParkedEvents {
  park(on: string, event: InboundEvent): Promise<void>;
  /** The events parked on that key, oldest first. */
  parked(on: string): Promise<readonly InboundEvent[]>;
  /** Forgets a parked event once it has been applied. */
  unpark(on: string, eventId: string): Promise<void>;
}

export interface ProcessedEvents {
  /**
   * True if this event was already processed. A write that stored a new message keeps the event's
   * marker on that message's ref: name the event's message to find it; one that kept its marker
   * with the case (`markerInCase`): name the case.
   */
  hasProcessed(idempotencyKey: string, where?: MessageRef | CaseScope): Promise<boolean>;
  /** Undefined if this event was not processed; else the domain events its write kept (`eventsOnMarker`). */
  processedEvents(idempotencyKey: string, where?: MessageRef | CaseScope): Promise<readonly DomainEvent[] | undefined>;
  /** Records an event that changed no case (ignored kinds, unknown messages) so a retry is recognised; false if it was. */
  markProcessed(idempotencyKey: string, detail: Readonly<Record<string, unknown>>): Promise<boolean>;
}

export interface CustomerDirectory {
  /**
   * Finds the customer owning any of these identities, or creates one, and links every identity
   * not yet owned by someone else to that customer.
   */
  resolveCustomer(
    identities: readonly Identity[],
    profile: { readonly displayName?: string },
  ): Promise<Customer & { readonly claimed: readonly Identity[] }>;
  /** The customer owning any of these identities, if someone does; creates nothing. */
  findCustomer(identities: readonly Identity[]): Promise<Customer | undefined>;
  getCustomer(id: string): Promise<Customer | undefined>;
}

export interface CaseStore
  extends CaseReader,
    CaseWriter,
    CaseLister,
    CaseLookup,
    ParkedEvents,
    ProcessedEvents,
    CustomerDirectory {}
