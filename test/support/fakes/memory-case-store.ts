/**
 * CaseStore in memory, for use-case tests that need no Java. It keeps what the DynamoDB adapter
 * guarantees and tests rely on: a write checks the version and the idempotency key and either
 * happens whole or not at all, a message and a conversation are claimed once, timers and events
 * go to the due-time index and the outbox (or the event's marker) in the same write. The shared contract test
 * (test/adapters/case-store.contract.test.ts) runs against both.
 */
import { ulid } from 'ulid';
import {
  ConversationTakenError,
  DuplicateEventError,
  MessageNotFoundError,
  VersionConflictError,
} from '../../../functions/commons/errors.ts';
import type { AuditEntry, Case, CaseDetail, Customer, Identity, Message } from '../../../functions/domain/case.ts';
import type { DomainEvent } from '../../../functions/domain/events.ts';
import type { InboundEvent } from '../../../functions/domain/inbound-event.ts';
import type {
  CaseQuery,
  CaseScope,
  CaseStore,
  Clock,
  CreateCaseInput,
  MessageRef,
  Page,
  SaveCaseInput,
} from '../../../functions/ports.ts';
import type { MemoryOutbox } from './memory-outbox.ts';
import type { MemoryTimerIndex } from './memory-timer-index.ts';

const copy = <T>(value: T): T => structuredClone(value);
const messageKey = (channel: string, platformMessageId: string) => `${channel}#${platformMessageId}`;
const identityKey = (identity: Identity) => `${identity.kind}#${identity.value}`;

export class MemoryCaseStore implements CaseStore {
  readonly #cases = new Map<string, Case>();
  readonly #messages = new Map<string, Message>();
  readonly #audit = new Map<string, AuditEntry[]>();
  readonly #conversations = new Map<string, string>();
  /** Processed idempotency keys and the events their write kept on the marker. */
  readonly #processed = new Map<string, readonly DomainEvent[]>();
  /** The same, for writes that stored a message: by the message's key. */
  readonly #refMarkers = new Map<string, { idempotencyKey: string; events: readonly DomainEvent[] }>();
  readonly #parked = new Map<string, Map<string, InboundEvent>>();
  readonly #customers = new Map<string, Customer>();
  readonly #owners = new Map<string, string>();

  constructor(
    private readonly deps: {
      readonly timerIndex: MemoryTimerIndex;
      readonly outbox: MemoryOutbox;
      readonly clock: Clock;
    },
  ) {}

  async getCase(id: string): Promise<Case | undefined> {
    return copy(this.#cases.get(id));
  }

  async getCaseDetail(id: string): Promise<CaseDetail | undefined> {
    const theCase = this.#cases.get(id);
    if (!theCase) return undefined;
    const messages = [...this.#messages.values()]
      .filter((m) => m.caseId === id)
      .sort((a, b) =>
        `${a.sentAt}#${a.channel}#${a.platformMessageId}`.localeCompare(
          `${b.sentAt}#${b.channel}#${b.platformMessageId}`,
        ),
      );
    const audit = [...(this.#audit.get(id) ?? [])].sort((a, b) => `${a.at}#${a.id}`.localeCompare(`${b.at}#${b.id}`));
    return copy({ case: theCase, messages, audit });
  }

  async listCases(query: CaseQuery): Promise<Page<Case>> {
    const all = [...this.#cases.values()]
      .filter((c) => !query.status || c.status === query.status)
      .sort((a, b) => b.statusChangedAt.localeCompare(a.statusChangedAt) || b.id.localeCompare(a.id));
    const start = query.cursor ? Number(Buffer.from(query.cursor, 'base64url').toString()) : 0;
    const limit = Math.min(100, Math.max(1, query.limit ?? 50));
    const items = all.slice(start, start + limit);
    const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
    return copy({ items, ...(next && { cursor: next }) });
  }

  async listCustomerCases(customerId: string, limit = 50): Promise<readonly Case[]> {
    return copy(
      [...this.#cases.values()]
        .filter((c) => c.customerId === customerId)
        .sort((a, b) => b.openedAt.localeCompare(a.openedAt) || b.id.localeCompare(a.id))
        .slice(0, limit),
    );
  }

  async findConversation(customerId: string, brand: string): Promise<string | undefined> {
    return this.#conversations.get(`${customerId}#${brand}`);
  }

  async findMessage(channel: Message['channel'], platformMessageId: string): Promise<Message | undefined> {
    return copy(this.#messages.get(messageKey(channel, platformMessageId)));
  }

  async createCase(input: CreateCaseInput): Promise<void> {
    const { case: theCase } = input;
    const conversation = `${theCase.customerId}#${theCase.brand}`;
    const holder = this.#conversations.get(conversation);
    if (input.conversation && holder !== undefined && holder !== input.conversation.replaces) {
      throw new ConversationTakenError(holder, `case ${holder} is already the customer's conversation`);
    }
    if (this.#cases.has(theCase.id)) throw new VersionConflictError(`case ${theCase.id} already exists`);
    this.#checkNew(input, input.message);
    this.#cases.set(theCase.id, copy(theCase));
    if (input.conversation) this.#conversations.set(conversation, theCase.id);
    this.#write(theCase.id, input, input.message);
    if (input.message)
      this.#messages.set(messageKey(input.message.channel, input.message.platformMessageId), copy(input.message));
  }

  async saveCase(input: SaveCaseInput): Promise<void> {
    const { case: theCase, expectedVersion } = input;
    if (theCase.version !== expectedVersion + 1) {
      throw new Error(`case version must be expectedVersion + 1 (${expectedVersion + 1}), got ${theCase.version}`);
    }
    const change = input.message;
    const put = change?.kind === 'put' ? change.message : undefined;
    this.#checkNew(input, put);
    if (this.#cases.get(theCase.id)?.version !== expectedVersion) {
      throw new VersionConflictError(`case ${theCase.id} is no longer at version ${expectedVersion}`);
    }
    const updateKey = change?.kind === 'update' ? messageKey(change.channel, change.platformMessageId) : undefined;
    const stored = updateKey ? this.#messages.get(updateKey) : undefined;
    if (updateKey && !stored) throw new MessageNotFoundError(`no stored message ${updateKey} to update`);
    if (stored && stored.caseId !== theCase.id)
      throw new Error(`message ${updateKey} belongs to case ${stored.caseId}`);
    this.#cases.set(theCase.id, copy(theCase));
    this.#write(theCase.id, input, put);
    if (put) this.#messages.set(messageKey(put.channel, put.platformMessageId), copy(put));
    if (updateKey && stored && change?.kind === 'update') {
      const edits = change.appendEdit ? [...(stored.edits ?? []), change.appendEdit] : stored.edits;
      this.#messages.set(updateKey, copy({ ...stored, ...change.set, ...(edits && { edits }) }));
    }
  }

  async park(on: string, event: InboundEvent): Promise<void> {
    const waiting = this.#parked.get(on) ?? new Map<string, InboundEvent>();
    waiting.set(event.eventId, copy(event));
    this.#parked.set(on, waiting);
  }

  async parked(on: string): Promise<readonly InboundEvent[]> {
    return copy([...(this.#parked.get(on)?.values() ?? [])].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)));
  }

  async unpark(on: string, eventId: string): Promise<void> {
    this.#parked.get(on)?.delete(eventId);
  }

  async hasProcessed(idempotencyKey: string, where?: MessageRef | CaseScope): Promise<boolean> {
    return (await this.processedEvents(idempotencyKey, where)) !== undefined;
  }

  /**
   * As the DynamoDB adapter: a write that stored a message keeps its marker on the message's ref.
   * Where a case's own marker lives makes no difference here: a key is one event wherever it is kept.
   */
  async processedEvents(
    idempotencyKey: string,
    where?: MessageRef | CaseScope,
  ): Promise<readonly DomainEvent[] | undefined> {
    const message = where && 'platformMessageId' in where ? where : undefined;
    const ref = message && this.#refMarkers.get(messageKey(message.channel, message.platformMessageId));
    if (ref?.idempotencyKey === idempotencyKey) return copy(ref.events);
    return copy(this.#processed.get(idempotencyKey));
  }

  async markProcessed(idempotencyKey: string): Promise<boolean> {
    if (this.#processed.has(idempotencyKey)) return false;
    this.#processed.set(idempotencyKey, []);
    return true;
  }

  async resolveCustomer(identities: readonly Identity[], profile: { readonly displayName?: string }) {
    if (identities.length === 0) throw new Error('resolveCustomer needs at least one identity');
    const wanted = [...new Map(identities.map((i) => [identityKey(i), i])).values()];
    const ownerId = wanted.map((i) => this.#owners.get(identityKey(i))).find((id) => id !== undefined);
    if (ownerId === undefined) {
      const now = this.deps.clock.now();
      const created: Customer = {
        id: ulid(now.getTime()),
        ...(profile.displayName && { displayName: profile.displayName }),
        identities: wanted,
        createdAt: now.toISOString(),
      };
      this.#customers.set(created.id, created);
      for (const identity of wanted) this.#owners.set(identityKey(identity), created.id);
      return copy({ ...created, claimed: wanted });
    }
    const customer = this.#customers.get(ownerId) as Customer;
    const claimed = wanted.filter((i) => !this.#owners.has(identityKey(i)));
    for (const identity of claimed) this.#owners.set(identityKey(identity), ownerId);
    const current: Customer = {
      ...customer,
      identities: [...customer.identities, ...claimed],
      ...(!customer.displayName && profile.displayName && { displayName: profile.displayName }),
    };
    this.#customers.set(ownerId, current);
    return copy({ ...current, claimed });
  }

  async findCustomer(identities: readonly Identity[]): Promise<Customer | undefined> {
    const ownerId = identities.map((i) => this.#owners.get(identityKey(i))).find((id) => id !== undefined);
    return ownerId === undefined ? undefined : copy(this.#customers.get(ownerId));
  }

  async getCustomer(id: string): Promise<Customer | undefined> {
    return copy(this.#customers.get(id));
  }

  /** The checks DynamoDB's transaction makes before writing anything: a retried event or message changes nothing. */
  #checkNew(input: SaveCaseInput | CreateCaseInput, message: Message | undefined): void {
    const {
      case: { id: caseId },
      idempotencyKey,
    } = input;
    const ids = new Set((this.#audit.get(caseId) ?? []).map((entry) => entry.id));
    if (input.audit?.some((entry) => ids.has(entry.id))) {
      throw new Error('an audit entry with this id exists: the audit trail is append-only');
    }
    // A write storing a message has no marker of its own to check: the message's ref is it.
    const seen = !message && idempotencyKey !== undefined && this.#processed.has(idempotencyKey);
    const stored = message && this.#messages.has(messageKey(message.channel, message.platformMessageId));
    if (seen || stored) throw new DuplicateEventError(`event already applied to case ${caseId}; nothing was written`);
  }

  /** An audit entry written beside the case without changing it, as the link ledger's revocation does. */
  appendAudit(entry: AuditEntry): void {
    this.#audit.set(entry.caseId, [...(this.#audit.get(entry.caseId) ?? []), copy(entry)]);
  }

  #write(caseId: string, input: SaveCaseInput | CreateCaseInput, message: Message | undefined): void {
    this.#audit.set(caseId, [...(this.#audit.get(caseId) ?? []), ...copy(input.audit ?? [])]);
    const events = copy(input.eventsOnMarker ?? []);
    if (!input.idempotencyKey && events.length > 0) throw new Error('eventsOnMarker needs an idempotencyKey');
    const { idempotencyKey } = input;
    if (idempotencyKey && message) {
      this.#refMarkers.set(messageKey(message.channel, message.platformMessageId), { idempotencyKey, events });
    } else if (idempotencyKey) this.#processed.set(idempotencyKey, events);
    this.deps.timerIndex.put(input.timers ?? []);
    this.deps.outbox.put(input.events ?? []);
  }
}
