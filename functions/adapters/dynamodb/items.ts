/**
 * Mapping between domain objects and table items: an item is the domain object plus its keys
 * and an `entity` tag. Reading back strips those storage attributes again.
 */
import { deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import type { AuditEntry, Case, Customer, Identity, Message } from '../../domain/case.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { InboundEvent } from '../../domain/inbound-event.ts';
import type { Timer } from '../../domain/sla/types.ts';
import { expiresAt } from './retention.ts';
import { keys, outboxKeys, TABLE_SCHEMA, timerKeys } from './table.ts';

export type Entity =
  | 'case'
  | 'message'
  | 'audit'
  | 'conversation'
  | 'pending'
  | 'msgref'
  | 'event'
  | 'customer'
  | 'identity'
  | 'timer'
  | 'outbox';

export type Item = Record<string, unknown>;

const STORAGE_ATTRIBUTES: ReadonlySet<string> = new Set([
  TABLE_SCHEMA.partitionKey,
  TABLE_SCHEMA.sortKey,
  TABLE_SCHEMA.ttlAttribute,
  ...Object.values(TABLE_SCHEMA.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  'entity',
]);

/** The domain object inside an item. The cast is the one place we trust what the table holds. */
export const fromItem = <T>(item: Item): T =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTES.has(name))) as T;

/** deflate's MIN_LOOKAHEAD: a match reaches back at most the window less this. */
const DEFLATE_LOOKAHEAD = 262;

/**
 * JSON deflated at level 9 with the smallest window (9 to 15 bits) that reaches back over the
 * whole text: the bytes are those of the default 32 KB window, so no item grows by a byte, and a
 * case of 1 to 3 KB sets up a 4 KB window instead of 32 KB. bench/deflate.ts, on the cases, audit
 * lists and event lists the use cases write: 33 µs a call instead of 36, the same 68,069 bytes.
 * Lower levels or memLevels save no more than 3 µs and bill some items a write unit more; the
 * rest of a call is Node setting up a zlib stream (6.5 µs for "{}"). Old items read as before.
 */
export const deflateJson = (json: string): Buffer => {
  const text = Buffer.from(json);
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(text.byteLength + DEFLATE_LOOKAHEAD))));
  return deflateRawSync(text, { level: 9, windowBits });
};

/** A case or a write's audit entries is repetitive text that shrinks to about half. */
const packed = (value: unknown): Uint8Array => deflateJson(JSON.stringify(value));
const unpack = <T>(bytes: unknown): T => JSON.parse(inflateRawSync(bytes as Uint8Array).toString('utf8')) as T;

/**
 * The case is stored deflated under `body`, beside its keys and `version` (which the optimistic
 * lock checks): a case of 1.1 to 1.4 KB of JSON becomes an item under 1 KB, one write unit (two
 * in a transaction) instead of two (four). Nothing queries a case's other attributes: the
 * indexes hold keys only, and readers go through caseFromItem.
 */
export const caseItem = (c: Case): Item => ({
  ...keys.case(c.id),
  ...keys.caseByStatus(c.status, c.statusChangedAt, c.id),
  ...keys.caseByCustomer(c.customerId, c.openedAt, c.id),
  entity: 'case' satisfies Entity,
  version: c.version,
  body: packed(c),
  [TABLE_SCHEMA.ttlAttribute]: expiresAt('cases', c.updatedAt),
});

/** The case in an item; one written before cases were deflated is read as it is. */
export const caseFromItem = (item: Item): Case => (item.body ? unpack<Case>(item.body) : fromItem<Case>(item));

/** Where a message item keeps the audit entries written with it. */
const MESSAGE_AUDIT = 'audit';

/**
 * A message item, holding (deflated, under `audit`) the audit entries of the write that stored it
 * when given: one item of about 0.8 KB instead of two, a write unit saved (two in a transaction).
 * It then lives until the later of the message's and the entries' expiry; the writer folds only
 * when messages and audit are kept equally long, so neither outlives its lifetime by more than
 * the time between a message's sending and its processing.
 */
export const messageItem = (m: Message, audit: readonly AuditEntry[] = []): Item => {
  const expiries = [expiresAt('messages', m.sentAt), ...audit.map((entry) => expiresAt('audit', entry.at))];
  return withFoldedAudit(
    {
      ...m,
      ...keys.message(m.caseId, m.sentAt, m.channel, m.platformMessageId),
      entity: 'message' satisfies Entity,
      [TABLE_SCHEMA.ttlAttribute]: Math.max(...expiries),
    },
    audit,
  );
};

/** The message in a message item, without the audit entries it may hold. */
export const messageFromItem = (item: Item): Message => {
  const { [MESSAGE_AUDIT]: _audit, ...rest } = item;
  return fromItem<Message>(rest);
};

/** The audit entries a message item or a case's event marker holds (none for one written before they were folded in). */
export const foldedAudit = (item: Item): AuditEntry[] =>
  item[MESSAGE_AUDIT] ? unpack<AuditEntry[]>(item[MESSAGE_AUDIT]).map(unpacked) : [];

/** The same item holding these audit entries instead (as erasure rewrites them); none leaves it as it is. */
export const withFoldedAudit = (item: Item, audit: readonly AuditEntry[]): Item =>
  audit.length > 0 ? { ...item, [MESSAGE_AUDIT]: packedAudit(audit) } : item;

/**
 * A write's audit entries deflated once: the write measures them (packedAuditBytes) to decide
 * where they go, then stores those same bytes. Keyed by the list itself, which nothing changes
 * after the use case builds it (it is readonly), and let go with it.
 */
const packedAudits = new WeakMap<readonly AuditEntry[], Uint8Array>();
const packedAudit = (audit: readonly AuditEntry[]): Uint8Array => {
  const known = packedAudits.get(audit);
  if (known) return known;
  const bytes = packed(audit.map(storedEntry));
  packedAudits.set(audit, bytes);
  return bytes;
};

/** Above this, deflated, a write's audit entries get items of their own instead of sharing the message's. */
export const MESSAGE_AUDIT_MAX_BYTES = 64 * 1024;

/** The deflated size of a write's audit entries as a message item would hold them. */
export const packedAuditBytes = (audit: readonly AuditEntry[]): number => packedAudit(audit).byteLength;

/** The platform event a case write applied, and the domain events it left for its writer to publish. */
export interface Applied {
  readonly idempotencyKey: string;
  readonly at: Date;
  readonly events: readonly DomainEvent[];
}

/** Kept deflated: a redelivery that finds the event applied publishes them again. */
const appliedFields = (applied: Applied): Item => ({
  idempotencyKey: applied.idempotencyKey,
  processedAt: applied.at.toISOString(),
  ...(applied.events.length > 0 && { events: packed(applied.events) }),
});

/**
 * Points from (channel, platform id) to the message item, whose sort key embeds sentAt. It is
 * also the marker of the event that stored the message (one item, not two: the message's own id
 * dedupes the event that carries it). `claim` says which write put it and when: the ref goes in
 * before the transaction that stores the message (message-refs.ts).
 */
export const messageRefItem = (
  m: Message,
  applied: Applied | undefined,
  claim: { readonly attempt: string; readonly claimedAt: string },
): Item => ({
  ...keys.messageRef(m.channel, m.platformMessageId),
  entity: 'msgref' satisfies Entity,
  caseId: m.caseId,
  messageSk: keys.message(m.caseId, m.sentAt, m.channel, m.platformMessageId).sk,
  ...(applied && appliedFields(applied)),
  attempt: claim.attempt,
  claimedAt: claim.claimedAt,
  [TABLE_SCHEMA.ttlAttribute]: expiresAt('messages', m.sentAt),
});

/** Platform payloads above this many bytes are kept gzipped (base64) under `rawGzip`. */
const RAW_INLINE_BYTES = 2048;
/** Above this, compressed, the payload is left out (noted with its size) so the entry always fits DynamoDB's 400 KB. */
const RAW_MAX_STORED_BYTES = 200 * 1024;

const storedDetail = (detail: AuditEntry['detail']): AuditEntry['detail'] => {
  const raw = detail?.raw;
  if (typeof raw !== 'string' || Buffer.byteLength(raw) <= RAW_INLINE_BYTES) return detail;
  const { raw: _raw, ...rest } = detail ?? {};
  const packed = gzipSync(raw).toString('base64');
  if (packed.length > RAW_MAX_STORED_BYTES) return { ...rest, rawOmitted: { bytes: Buffer.byteLength(raw) } };
  return { ...rest, rawGzip: packed };
};

const storedEntry = (a: AuditEntry): AuditEntry => ({ ...a, ...(a.detail && { detail: storedDetail(a.detail) }) });

export const auditItem = (a: AuditEntry): Item => ({
  ...storedEntry(a),
  ...keys.audit(a.caseId, a.at, a.id),
  entity: 'audit' satisfies Entity,
  [TABLE_SCHEMA.ttlAttribute]: expiresAt('audit', a.at),
});

/** A group of entries stays well under DynamoDB's 400 KB item limit, however big their payloads. */
const GROUP_MAX_BYTES = 150 * 1024;

/**
 * One write's audit entries as few items as fit (one, almost always), each keyed by its first
 * entry and kept until its latest entry expires: every item is a write unit per KB, twice in a
 * transaction, so four 0.4 KB entries in one item cost 2 units instead of 8.
 */
export const auditItems = (entries: readonly AuditEntry[]): Item[] => {
  const groups: AuditEntry[][] = [];
  let bytes = 0;
  for (const entry of entries.map(storedEntry)) {
    const size = Buffer.byteLength(JSON.stringify(entry));
    const current = groups.at(-1);
    if (current && bytes + size <= GROUP_MAX_BYTES) {
      current.push(entry);
      bytes += size;
    } else {
      groups.push([entry]);
      bytes = size;
    }
  }
  return groups.map((group) => {
    const [first] = group as [AuditEntry];
    if (group.length === 1) return auditItem(first);
    const latest =
      group
        .map((entry) => entry.at)
        .sort()
        .at(-1) ?? first.at;
    return {
      ...keys.audit(first.caseId, first.at, first.id),
      entity: 'audit' satisfies Entity,
      entries: packed(group),
      [TABLE_SCHEMA.ttlAttribute]: expiresAt('audit', latest),
    };
  });
};

const unpacked = (entry: AuditEntry): AuditEntry => {
  const raw = entry.detail?.rawGzip;
  if (typeof raw !== 'string') return entry;
  const { rawGzip: _raw, ...rest } = entry.detail ?? {};
  return { ...entry, detail: { ...rest, raw: gunzipSync(Buffer.from(raw, 'base64')).toString('utf8') } };
};

/** The audit entries an item holds, as written: gzipped payloads are unpacked again. */
export const auditFromItem = (item: Item): AuditEntry[] =>
  item.entries ? unpack<AuditEntry[]>(item.entries).map(unpacked) : [unpacked(fromItem<AuditEntry>(item))];

export const conversationItem = (theCase: Case, linkedAt: string): Item => ({
  ...keys.conversation(theCase.customerId, theCase.brand),
  entity: 'conversation' satisfies Entity,
  caseId: theCase.id,
  customerId: theCase.customerId,
  brand: theCase.brand,
  linkedAt,
});

/** Kept a month: long enough for any platform's retries and reordering. */
const PENDING_RETENTION_SECONDS = 30 * 24 * 3600;

/** The event is kept as JSON text, so its own fields never clash with the storage attributes. */
export const pendingItem = (waitingOn: string, event: InboundEvent, now: Date): Item => ({
  ...keys.pending(waitingOn, event.eventId),
  waitingOn,
  entity: 'pending' satisfies Entity,
  event: JSON.stringify(event),
  parkedAt: now.toISOString(),
  [TABLE_SCHEMA.ttlAttribute]: Math.floor(now.getTime() / 1000) + PENDING_RETENTION_SECONDS,
});

export const eventItem = (idempotencyKey: string, processedAt: Date, extra: Item): Item => ({
  ...keys.event(idempotencyKey),
  entity: 'event' satisfies Entity,
  idempotencyKey,
  processedAt: processedAt.toISOString(),
  ...extra,
});

/** The marker of an event whose case write stored no new message. */
export const markerItem = (applied: Applied, caseId: string): Item => ({
  ...keys.event(applied.idempotencyKey),
  entity: 'event' satisfies Entity,
  caseId,
  ...appliedFields(applied),
});

/**
 * The marker of an event applied to a case its writer names (a fired timer, which looks it up by
 * case), kept in the case's partition with the write's audit entries folded in, as a message item
 * holds its write's: one item instead of two, two write units saved in the transaction. It lives
 * as long as those entries: days longer than any redelivery of the event it dedupes.
 */
export const caseMarkerItem = (applied: Applied, caseId: string, audit: readonly AuditEntry[]): Item =>
  withFoldedAudit(
    {
      ...keys.caseEvent(caseId, applied.idempotencyKey),
      entity: 'event' satisfies Entity,
      caseId,
      ...appliedFields(applied),
      [TABLE_SCHEMA.ttlAttribute]: Math.max(
        expiresAt('audit', applied.at.toISOString()),
        ...audit.map((entry) => expiresAt('audit', entry.at)),
      ),
    },
    audit,
  );

/** The events a marker (or a message ref that is one) kept; none for a marker without any. */
export const eventsFromMarker = (item: Item): DomainEvent[] => (item.events ? unpack<DomainEvent[]>(item.events) : []);

export const customerItem = (customer: Customer): Item => ({
  ...customer,
  ...keys.customer(customer.id),
  entity: 'customer' satisfies Entity,
});

export const identityItem = (identity: Identity, customerId: string): Item => ({
  ...keys.identity(identity.kind, identity.value),
  entity: 'identity' satisfies Entity,
  ...identity,
  customerId,
});

/** Where a message item lives, as recorded by its msgref item. */
export const messageKeyFromRef = (ref: Item): { caseId: string; key: { pk: string; sk: string } } => {
  const caseId = String(ref.caseId);
  return { caseId, key: { pk: keys.case(caseId).pk, sk: String(ref.messageSk) } };
};

/** Index entries outlive their deadline by a week, then TTL removes them. */
const TIMER_RETENTION_SECONDS = 7 * 24 * 3600;

export const timerItem = (timer: Timer): Item => ({
  ...timer,
  ...timerKeys.timer(timer.dueAt, timer.caseId, timer.key),
  entity: 'timer' satisfies Entity,
  [TABLE_SCHEMA.ttlAttribute]: Math.floor(Date.parse(timer.dueAt) / 1000) + TIMER_RETENTION_SECONDS,
});

/** An outbox entry the relay never got to (a bug, a bus down for days) is dropped after this. */
const OUTBOX_RETENTION_SECONDS = 3 * 24 * 3600;

/** The event is kept whole under `event`, so its own fields never clash with the storage attributes. */
export const outboxItem = (event: DomainEvent): Item => ({
  ...outboxKeys.event(event.at, event.caseId, event.id),
  entity: 'outbox' satisfies Entity,
  event,
  [TABLE_SCHEMA.ttlAttribute]: Math.floor(Date.parse(event.at) / 1000) + OUTBOX_RETENTION_SECONDS,
});
