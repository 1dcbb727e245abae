/**
 * CaseStore on one DynamoDB table. A case's partition (CASE#id) holds the case, its messages
 * (sorted by sentAt) and its audit trail; lookup items (conversation, msgref, event, identity) make
 * uniqueness and idempotency conditional writes. Reads that decide a write are consistent.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConversationTakenError, MessageNotFoundError, VersionConflictError } from '../../commons/errors.ts';
import type { Case, CaseDetail, Customer, Identity, Message } from '../../domain/case.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { type InboundEvent, inboundEventSchema } from '../../domain/inbound-event.ts';
import type { CaseScope, CaseStore, Clock, CreateCaseInput, MessageRef, Page, SaveCaseInput } from '../../ports.ts';
import { casesByKey, clampLimit, customerCasesQuery, listCasesByStatus } from './case-listing.ts';
import { readCasePartition } from './case-partition.ts';
import {
  appliedOf,
  cancellationReasons,
  createCaseWrites,
  failedRoles,
  ITEM_IS_NEW,
  saveCaseError,
  saveCaseWrites,
  timerItems,
  type Write,
} from './case-writes.ts';
import { findCustomer, getCustomer, resolveCustomer, type Table } from './customers.ts';
import {
  caseFromItem,
  eventItem,
  eventsFromMarker,
  type Item,
  messageFromItem,
  messageKeyFromRef,
  pendingItem,
} from './items.ts';
import { MessageRefs, type RefClaim } from './message-refs.ts';
import { putAll } from './put-all.ts';
import { SameTurnGets } from './same-turn-gets.ts';
import { keys, TABLE_SCHEMA } from './table.ts';

export interface DynamoCaseStoreOptions {
  /** Must be built with `marshallOptions.removeUndefinedValues`, as aws-clients.ts does. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Stamps the store's own records (event markers, thread links, new customers). @default system clock */
  readonly clock?: Clock;
}

/** Event markers that changed no case are only kept long enough to recognise a platform retry. */
const PROCESSED_MARKER_TTL_SECONDS = 90 * 24 * 60 * 60;

export class DynamoCaseStore implements CaseStore {
  readonly #table: Table;
  readonly #clock: Clock;
  readonly #refs: MessageRefs;
  readonly #gets: SameTurnGets;

  constructor(options: DynamoCaseStoreOptions) {
    if (!options.tableName) throw new Error('DynamoCaseStore needs a tableName');
    this.#table = { client: options.client, tableName: options.tableName };
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#refs = new MessageRefs(this.#table, () => this.#clock.now());
    this.#gets = new SameTurnGets(this.#table);
  }

  async getCase(id: string): Promise<Case | undefined> {
    const item = await this.#get(keys.case(id));
    return item ? caseFromItem(item) : undefined;
  }

  async getCaseDetail(id: string): Promise<CaseDetail | undefined> {
    const { theCase, messages, audit } = await readCasePartition(this.#table, id);
    return theCase ? { case: theCase, messages, audit } : undefined;
  }

  listCases(query: Parameters<CaseStore['listCases']>[0]): Promise<Page<Case>> {
    return listCasesByStatus(this.#table.client, this.#table.tableName, query);
  }

  async listCustomerCases(customerId: string, limit?: number): Promise<readonly Case[]> {
    const page = await this.#table.client.send(
      new QueryCommand({
        ...customerCasesQuery(this.#table.tableName, customerId),
        ScanIndexForward: false,
        Limit: clampLimit(limit),
      }),
    );
    return casesByKey(this.#table.client, this.#table.tableName, page.Items ?? []);
  }

  async findConversation(customerId: string, brand: string): Promise<string | undefined> {
    const item = await this.#get(keys.conversation(customerId, brand));
    return item ? String(item.caseId) : undefined;
  }

  async findMessage(channel: Message['channel'], platformMessageId: string): Promise<Message | undefined> {
    const ref = await this.#get(keys.messageRef(channel, platformMessageId));
    if (!ref) return undefined;
    const item = await this.#get(messageKeyFromRef(ref).key);
    return item ? messageFromItem(item) : undefined;
  }

  async createCase(input: CreateCaseInput): Promise<void> {
    const now = this.#clock.now();
    const writes = createCaseWrites(this.#table.tableName, input, now);
    await putAll(this.#table, timerItems(input.timers));
    try {
      await this.#commit(writes, input.message && (await this.#refs.claim(input.message, appliedOf(input, now))));
    } catch (error) {
      const reasons = cancellationReasons(error) ?? [];
      const claim = reasons[writes.findIndex((write) => write.role === 'conversation')];
      if (claim?.Code === 'ConditionalCheckFailed') {
        const holder = claim.Item?.caseId?.S ?? (await this.findConversation(input.case.customerId, input.case.brand));
        throw new ConversationTakenError(holder, `case ${holder} is already the customer's conversation`);
      }
      if (failedRoles(writes, reasons, 'ConditionalCheckFailed').has('case')) {
        throw new VersionConflictError(`case ${input.case.id} already exists`, { cause: error });
      }
      throw saveCaseError(error, writes, input.case, input.case.version - 1) ?? error;
    }
  }

  async saveCase(input: SaveCaseInput): Promise<void> {
    if (input.case.version !== input.expectedVersion + 1) {
      throw new Error(
        `case version must be expectedVersion + 1 (${input.expectedVersion + 1}), got ${input.case.version}`,
      );
    }
    if (input.message?.kind === 'put' && input.message.message.caseId !== input.case.id) {
      throw new Error(`message belongs to case ${input.message.message.caseId}, not ${input.case.id}`);
    }
    const storedMessageKey = input.message?.kind === 'update' ? await this.#messageToUpdate(input) : undefined;
    const now = this.#clock.now();
    const writes = saveCaseWrites(this.#table.tableName, input, storedMessageKey, now);
    await putAll(this.#table, timerItems(input.timers));
    const message = input.message?.kind === 'put' ? input.message.message : undefined;
    try {
      await this.#commit(writes, message && (await this.#refs.claim(message, appliedOf(input, now))));
    } catch (error) {
      throw saveCaseError(error, writes, input.case, input.expectedVersion) ?? error;
    }
  }

  async park(on: string, event: InboundEvent): Promise<void> {
    await this.#table.client.send(
      new PutCommand({ TableName: this.#table.tableName, Item: pendingItem(on, event, this.#clock.now()) }),
    );
  }

  async parked(on: string): Promise<readonly InboundEvent[]> {
    const { pk, sk } = keys.pending(on);
    const page = await this.#table.client.send(
      new QueryCommand({
        TableName: this.#table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': pk, ':sk': sk },
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? [])
      .map((item) => inboundEventSchema.parse(JSON.parse(String(item.event))))
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  }

  async unpark(on: string, eventId: string): Promise<void> {
    await this.#table.client.send(
      new DeleteCommand({
        TableName: this.#table.tableName,
        Key: keys.pending(on, eventId),
      }),
    );
  }

  async hasProcessed(idempotencyKey: string, where?: MessageRef | CaseScope): Promise<boolean> {
    return (await this.processedEvents(idempotencyKey, where)) !== undefined;
  }

  /** The marker where `where` says it is, read beside the stand-alone one (where markers written before it were kept). */
  async processedEvents(
    idempotencyKey: string,
    where?: MessageRef | CaseScope,
  ): Promise<readonly DomainEvent[] | undefined> {
    const near =
      where &&
      ('platformMessageId' in where
        ? keys.messageRef(where.channel, where.platformMessageId)
        : keys.caseEvent(where.caseId, idempotencyKey));
    const [marker, nearMarker] = await Promise.all([this.#get(keys.event(idempotencyKey)), near && this.#get(near)]);
    if (nearMarker?.idempotencyKey === idempotencyKey) {
      // A message's ref is put before the transaction that stores the message: until then it marks nothing.
      const stored = nearMarker.entity !== 'msgref' || (await this.#refs.stored(nearMarker));
      if (stored) return eventsFromMarker(nearMarker);
    }
    return marker ? eventsFromMarker(marker) : undefined;
  }

  async markProcessed(idempotencyKey: string, detail: Readonly<Record<string, unknown>>): Promise<boolean> {
    const now = this.#clock.now();
    const expiresAt = Math.floor(now.getTime() / 1000) + PROCESSED_MARKER_TTL_SECONDS;
    try {
      await this.#table.client.send(
        new PutCommand({
          TableName: this.#table.tableName,
          Item: eventItem(idempotencyKey, now, { detail, [TABLE_SCHEMA.ttlAttribute]: expiresAt }),
          ConditionExpression: ITEM_IS_NEW,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  resolveCustomer(identities: readonly Identity[], profile: { readonly displayName?: string }) {
    return resolveCustomer(this.#table, identities, profile, this.#clock.now());
  }

  findCustomer(identities: readonly Identity[]): Promise<Customer | undefined> {
    return findCustomer(this.#table, identities);
  }

  getCustomer(id: string): Promise<Customer | undefined> {
    return getCustomer(this.#table, id);
  }

  /** The stored key of the message an update targets, found through its msgref item. */
  async #messageToUpdate(input: SaveCaseInput): Promise<Item> {
    const change = input.message;
    if (change?.kind !== 'update') throw new Error('not a message update');
    const ref = await this.#get(keys.messageRef(change.channel, change.platformMessageId));
    if (!ref) {
      throw new MessageNotFoundError(`no stored ${change.channel} message ${change.platformMessageId} to update`);
    }
    const { caseId, key } = messageKeyFromRef(ref);
    if (caseId !== input.case.id) {
      throw new Error(
        `${change.channel} message ${change.platformMessageId} belongs to case ${caseId}, not ${input.case.id}`,
      );
    }
    return key;
  }

  /** Consistent; reads asked for side by side go in one request (same-turn-gets.ts). */
  #get(key: Item): Promise<Item | undefined> {
    return this.#gets.get(key);
  }

  /** The transaction, and what its answer means for the message ref put before it. */
  async #commit(writes: readonly Write[], ref: RefClaim | undefined): Promise<void> {
    try {
      await this.#table.client.send(new TransactWriteCommand({ TransactItems: writes.map((write) => write.item) }));
      ref?.stored();
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons && failedRoles(writes, reasons, 'ConditionalCheckFailed').has('message')) ref?.stored();
      else ref?.ended();
      throw error;
    }
  }
}
