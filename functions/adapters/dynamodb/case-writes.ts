/**
 * The transactions that create and save a case, and how a cancelled transaction maps back to
 * domain errors. Every write carries a role so a cancellation reason (reported per item, in
 * order) can be traced to what it guarded.
 */
import { type CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DuplicateEventError, MessageNotFoundError, VersionConflictError } from '../../commons/errors.ts';
import type { AuditEntry, Case, Message } from '../../domain/case.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { Timer } from '../../domain/sla/types.ts';
import type { CreateCaseInput, MessageChange, SaveCaseInput } from '../../ports.ts';
import {
  type Applied,
  auditItems,
  caseItem,
  caseMarkerItem,
  conversationItem,
  type Item,
  MESSAGE_AUDIT_MAX_BYTES,
  markerItem,
  messageItem,
  outboxItem,
  packedAuditBytes,
  timerItem,
} from './items.ts';
import { sameLifetime } from './retention.ts';
import { TABLE_SCHEMA } from './table.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Role =
  | 'case'
  | 'conversation'
  | 'audit'
  | 'event'
  | 'message'
  | 'messageUpdate'
  | 'customer'
  | 'identity'
  | 'outbox';
export interface Write {
  readonly role: Role;
  readonly item: TransactItem;
}

export const ITEM_IS_NEW = `attribute_not_exists(${TABLE_SCHEMA.partitionKey})`;
export const ITEM_EXISTS = `attribute_exists(${TABLE_SCHEMA.partitionKey})`;

export const putNew = (tableName: string, role: Role, item: Item): Write => ({
  role,
  item: { Put: { TableName: tableName, Item: item, ConditionExpression: ITEM_IS_NEW } },
});

/**
 * Timers are put before the transaction, outside it (half the write units): a timer's key is
 * deterministic, so putting it again changes nothing, and one left by a write that then lost
 * its version check is stale, which the timer worker finds (its case no longer asks for it).
 */
export const timerItems = (timers: readonly Timer[] = []): Item[] => timers.map(timerItem);

/** Conditional: an event id is new, so a clash means something reused one. */
export const outboxWrites = (tableName: string, events: readonly DomainEvent[] = []): Write[] =>
  events.map((event) => putNew(tableName, 'outbox', outboxItem(event)));

export const auditWrites = (tableName: string, audit: readonly AuditEntry[] = []): Write[] =>
  auditItems(audit).map((item) => putNew(tableName, 'audit', item));

/**
 * A write that stores a new message keeps its audit entries in the message item (one item
 * instead of two) when messages and audit are kept equally long and the entries stay small;
 * otherwise they get items of their own, as every write without a new message does.
 */
const foldsAudit = (message: Message | undefined, audit: readonly AuditEntry[]): boolean =>
  message !== undefined && sameLifetime('messages', 'audit') && foldable(message.caseId, audit);

/** Entries of this case, small enough to share an item with something else the write puts. */
const foldable = (caseId: string, audit: readonly AuditEntry[]): boolean =>
  audit.length > 0 &&
  audit.every((entry) => entry.caseId === caseId) &&
  packedAuditBytes(audit) <= MESSAGE_AUDIT_MAX_BYTES;

/** A write that stores no message and keeps its marker with the case holds its audit entries in the marker. */
const foldsIntoMarker = (input: SaveCaseInput, message: Message | undefined, audit: readonly AuditEntry[]): boolean =>
  message === undefined && input.markerInCase === true && foldable(input.case.id, audit);

/** Case, its first message, the customer's conversation (returning the holder if taken), audit entries. */
export function createCaseWrites(tableName: string, input: CreateCaseInput, now: Date): Write[] {
  const audit = input.audit ?? [];
  const folded = foldsAudit(input.message, audit);
  const writes: Write[] = [
    putNew(tableName, 'case', caseItem(input.case)),
    ...(folded ? [] : auditWrites(tableName, audit)),
    ...outboxWrites(tableName, input.events),
  ];
  if (input.conversation) {
    const replaces = input.conversation.replaces
      ? {
          ConditionExpression: `${ITEM_IS_NEW} OR caseId = :previous`,
          ExpressionAttributeValues: { ':previous': input.conversation.replaces },
        }
      : { ConditionExpression: ITEM_IS_NEW };
    writes.push({
      role: 'conversation',
      item: {
        Put: {
          TableName: tableName,
          Item: conversationItem(input.case, now.toISOString()),
          ...replaces,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    });
  }
  writes.push(...appliedWrites(tableName, input, input.message, folded ? audit : [], now));
  return writes;
}

export function saveCaseWrites(
  tableName: string,
  input: SaveCaseInput,
  storedMessageKey: Item | undefined,
  now: Date,
): Write[] {
  const change = input.message;
  const message = change?.kind === 'put' ? change.message : undefined;
  const audit = input.audit ?? [];
  const folded = foldsAudit(message, audit) || foldsIntoMarker(input, message, audit);
  const writes: Write[] = [
    {
      role: 'case',
      item: {
        Put: {
          TableName: tableName,
          Item: caseItem(input.case),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': input.expectedVersion },
        },
      },
    },
    ...(folded ? [] : auditWrites(tableName, audit)),
    ...outboxWrites(tableName, input.events),
  ];
  writes.push(...appliedWrites(tableName, input, message, folded ? audit : [], now));
  if (change?.kind === 'update' && storedMessageKey) {
    writes.push(messageUpdateWrite(tableName, change, storedMessageKey));
  }
  return writes;
}

/** The platform event a write applies and the events its writer publishes itself, as its marker keeps them. */
export const appliedOf = (input: CreateCaseInput | SaveCaseInput, now: Date): Applied | undefined => {
  const events = input.eventsOnMarker ?? [];
  if (!input.idempotencyKey && events.length > 0) throw new Error('eventsOnMarker needs an idempotencyKey');
  return input.idempotencyKey ? { idempotencyKey: input.idempotencyKey, at: now, events } : undefined;
};

/**
 * The new message's item, with the audit entries folded into it (its ref, the event's marker, is
 * put just before the transaction: message-refs.ts); else the event's dedupe marker, holding the
 * events the writer publishes itself (`eventsOnMarker`). A write that asks for it (`markerInCase`)
 * keeps its marker in the case's partition, holding the audit entries folded into it.
 */
function appliedWrites(
  tableName: string,
  input: CreateCaseInput | SaveCaseInput,
  message: Message | undefined,
  audit: readonly AuditEntry[],
  now: Date,
): Write[] {
  const applied = appliedOf(input, now);
  const markerInCase = 'markerInCase' in input && input.markerInCase === true;
  if (markerInCase && !applied) throw new Error('markerInCase needs an idempotencyKey');
  if (message) return [putNew(tableName, 'message', messageItem(message, audit))];
  if (!applied) return [];
  const marker = markerInCase ? caseMarkerItem(applied, input.case.id, audit) : markerItem(applied, input.case.id);
  return [putNew(tableName, 'event', marker)];
}

const UPDATABLE_FIELDS = ['text', 'deletedAt', 'deliveryStatus'] as const;

function messageUpdateWrite(tableName: string, change: Extract<MessageChange, { kind: 'update' }>, key: Item): Write {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments: string[] = [];
  for (const field of UPDATABLE_FIELDS) {
    const value = change.set[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    assignments.push(`#${field} = :${field}`);
  }
  if (change.appendEdit) {
    names['#edits'] = 'edits';
    values[':edit'] = [change.appendEdit];
    values[':noEdits'] = [];
    assignments.push('#edits = list_append(if_not_exists(#edits, :noEdits), :edit)');
  }
  if (assignments.length === 0) {
    return {
      role: 'messageUpdate',
      item: { ConditionCheck: { TableName: tableName, Key: key, ConditionExpression: ITEM_EXISTS } },
    };
  }
  return {
    role: 'messageUpdate',
    item: {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: ITEM_EXISTS,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  };
}

/** The cancellation reasons per write, or undefined if the error is not a cancelled transaction. */
export const cancellationReasons = (error: unknown): readonly CancellationReason[] | undefined =>
  error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : undefined;

export const failedRoles = (writes: readonly Write[], reasons: readonly CancellationReason[], code: string) =>
  new Set(writes.filter((_, index) => reasons[index]?.Code === code).map((write) => write.role));

/** Maps a cancelled saveCase transaction to the domain error it stands for; undefined if none fits. */
export function saveCaseError(error: unknown, writes: readonly Write[], saved: Case, expectedVersion: number) {
  const reasons = cancellationReasons(error);
  if (!reasons) return undefined;
  const failed = failedRoles(writes, reasons, 'ConditionalCheckFailed');
  const options = { cause: error };
  if (failed.has('event') || failed.has('message')) {
    return new DuplicateEventError(`event already applied to case ${saved.id}; nothing was written`, options);
  }
  // TransactionConflict: another transaction held one of the items; re-reading and retrying is the cure too.
  if (failed.has('case') || reasons.some((reason) => reason.Code === 'TransactionConflict')) {
    return new VersionConflictError(`case ${saved.id} is no longer at version ${expectedVersion}`, options);
  }
  if (failed.has('messageUpdate')) {
    return new MessageNotFoundError(`the message to update in case ${saved.id} is not stored`, options);
  }
  if (failed.has('audit'))
    return new Error('an audit entry with this id exists: the audit trail is append-only', options);
  return undefined;
}
