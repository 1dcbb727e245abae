/**
 * The single table's shape and every key format, defined once. The CDK construct, the
 * local stack and the tests all build the table from TABLE_SCHEMA.
 */
import type { CaseStatus, Channel, IdentityKind } from '../../domain/case.ts';

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: {
    /**
     * Cases by status, latest to enter it first: GSI1PK = STATUS#<status>#<shard>,
     * GSI1SK = <statusChangedAt>#<caseId>. The entry moves only when the status changes, so most
     * case writes leave the index alone (no index write unit). Keys only: an entry is a tenth of a
     * case item, one write unit per entry, not two; listers read the cases they page through by key.
     */
    byStatus: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'KEYS_ONLY' },
    /** A customer's cases by opening time: GSI2PK = CUSTOMER#<id>, GSI2SK = <openedAt>#<caseId>. Keys only, as gsi1. */
    byCustomer: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'KEYS_ONLY' },
  },
} as const;

const enc = (value: string): string => value.replaceAll('#', '%23');

/** Key formats, one function per entity. Values are escaped so a '#' inside an id cannot forge a key. */
export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  message: (caseId: string, sentAt: string, channel: Channel, platformMessageId: string) => ({
    pk: `CASE#${caseId}`,
    sk: `MSG#${sentAt}#${channel}#${enc(platformMessageId)}`,
  }),
  audit: (caseId: string, at: string, entryId: string) => ({ pk: `CASE#${caseId}`, sk: `AUDIT#${at}#${entryId}` }),
  /** Points from a platform message id to the message item, so edits and deletions find it. */
  messageRef: (channel: Channel, platformMessageId: string) => ({
    pk: `MSGREF#${channel}#${enc(platformMessageId)}`,
    sk: 'MSGREF',
  }),
  /** The customer's latest case with the brand: their next message joins it within the conversation window. */
  conversation: (customerId: string, brand: string) => ({
    pk: `CUSTOMER#${customerId}`,
    sk: `CONVERSATION#${enc(brand)}`,
  }),
  /** Edits, deletions and replies that arrived before what they refer to (a message, a customer), waiting for it. */
  pending: (waitingOn: string, eventId?: string) => ({
    pk: `PENDING#${enc(waitingOn)}`,
    sk: eventId === undefined ? 'EVENT#' : `EVENT#${enc(eventId)}`,
  }),
  /** Durable dedupe marker of one processed platform event. */
  event: (idempotencyKey: string) => ({ pk: `EVENT#${enc(idempotencyKey)}`, sk: 'EVENT' }),
  /** The marker of an event applied to a case its writer names, in the case's partition beside its audit trail. */
  caseEvent: (caseId: string, idempotencyKey: string) => ({ pk: `CASE#${caseId}`, sk: `EVENT#${enc(idempotencyKey)}` }),
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' }),
  identity: (kind: IdentityKind, value: string) => ({ pk: `IDENTITY#${kind}#${enc(value)}`, sk: 'IDENTITY' }),
  caseByStatus: (status: CaseStatus, statusChangedAt: string, caseId: string) => ({
    gsi1pk: statusPartition(status, shardOf(caseId, STATUS_SHARDS)),
    gsi1sk: `${statusChangedAt}#${caseId}`,
  }),
  caseByCustomer: (customerId: string, openedAt: string, caseId: string) => ({
    gsi2pk: `CUSTOMER#${customerId}`,
    gsi2sk: `${openedAt}#${caseId}`,
  }),
  /** One sliding-window counter's bucket; the sort key is the bucket's start in ms, zero-padded to sort. */
  windowBucket: (counter: string, bucketStartMs: number) => ({
    pk: `WINDOW#${enc(counter)}`,
    sk: `BUCKET#${String(bucketStartMs).padStart(15, '0')}`,
  }),
  windowAlarm: (counter: string) => ({ pk: `WINDOW#${enc(counter)}`, sk: 'ALARM' }),
  /** Feedback waiting for a department's digest, in the order it was recorded. */
  feedback: (department: string, at: string, caseId: string, topic: string) => ({
    pk: `FEEDBACK#${enc(department)}`,
    sk: `ITEM#${at}#${caseId}#${enc(topic)}`,
  }),
  feedbackCursor: (department: string) => ({ pk: `FEEDBACK#${enc(department)}`, sk: 'CURSOR' }),
  /** A case's link epoch (revoking its links bumps it), and one item per action token used. */
  linkEpoch: (caseId: string) => ({ pk: `LINKS#${enc(caseId)}`, sk: 'EPOCH' }),
  linkUse: (caseId: string, nonce: string) => ({ pk: `LINKS#${enc(caseId)}`, sk: `USED#${nonce}` }),
} as const;

/** The due-time index spreads each minute over this many partitions. */
export const DUE_SHARDS = 4;

/**
 * The status index spreads each status over this many partitions, by case. A case write moves
 * its entry only when the status changes (a delete and a put of a keys-only entry, 2 write
 * units); even if every message at 1,000 messages/s did, that is 2,000 units/s, 250 per
 * partition, a quarter of DynamoDB's 1,000 per partition key.
 */
export const STATUS_SHARDS = 8;

export const statusPartition = (status: CaseStatus, shard: number): string => `STATUS#${status}#${shard}`;

/** `YYYY-MM-DDTHH:MM`: the minute bucket of an ISO timestamp. */
export const minuteOf = (iso: string): string => iso.slice(0, 16);

/** A stable shard of a case id: the same case always lands in the same partition. */
export const shardOf = (caseId: string, shards: number = DUE_SHARDS): number => {
  let hash = 0;
  for (const char of caseId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % shards;
};

export const timerKeys = {
  /** One partition per minute and shard; sorted by due time inside it. */
  bucket: (minute: string, shard: number) => `DUE#${minute}#${shard}`,
  timer: (dueAt: string, caseId: string, timerKey: string) => ({
    pk: timerKeys.bucket(minuteOf(dueAt), shardOf(caseId)),
    sk: `${dueAt}#${caseId}#${enc(timerKey)}`,
  }),
  /** The sweeper's progress: every minute before it has been swept. */
  cursor: () => ({ pk: 'SWEEP', sk: 'CURSOR' }),
} as const;

/** The outbox is spread over the same number of partitions, by case, like the due-time index. */
export const OUTBOX_SHARDS = DUE_SHARDS;

export const outboxKeys = {
  shard: (shard: number) => `OUTBOX#${shard}`,
  /** Sorted by the event's time, so the relay reads the oldest first and stops at its cut-off. */
  event: (at: string, caseId: string, eventId: string) => ({
    pk: outboxKeys.shard(shardOf(caseId)),
    sk: `${at}#${enc(eventId)}`,
  }),
} as const;

export const SK_PREFIX = { message: 'MSG#', audit: 'AUDIT#', event: 'EVENT#' } as const;
