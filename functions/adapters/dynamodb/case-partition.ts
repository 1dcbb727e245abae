/**
 * Reads a case's whole partition (the case item, its messages, its audit log and the event markers
 * that hold part of it) in one paged
 * query: what the case page, the intake processor and the erasure all start from.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, Case, Message } from '../../domain/case.ts';
import type { Table } from './customers.ts';
import { auditFromItem, caseFromItem, foldedAudit, type Item, messageFromItem } from './items.ts';
import { keys, SK_PREFIX, TABLE_SCHEMA } from './table.ts';

export interface CasePartition {
  readonly theCase?: Case;
  readonly messages: Message[];
  readonly audit: AuditEntry[];
  /** The audit entries kept in items of their own, item by item (a write's entries share one item). */
  readonly auditGroups: AuditEntry[][];
  /** The audit entries each message's item holds, in the order of `messages` (empty for most). */
  readonly messageAudit: AuditEntry[][];
  /** The case's event markers that hold their write's audit entries (`caseMarkerItem`), each with them. */
  readonly markers: { readonly item: Item; readonly audit: AuditEntry[] }[];
}

export const readCasePartition = async (
  table: Table,
  caseId: string,
  options: { readonly consistent?: boolean } = {},
): Promise<CasePartition> => {
  let theCase: Case | undefined;
  const messages: Message[] = [];
  const auditGroups: AuditEntry[][] = [];
  const messageAudit: AuditEntry[][] = [];
  const markers: { item: Item; audit: AuditEntry[] }[] = [];
  const caseKey = keys.case(caseId);
  let startKey: Item | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_SCHEMA.partitionKey },
        ExpressionAttributeValues: { ':pk': caseKey.pk },
        ...(options.consistent && { ConsistentRead: true }),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const sk = String(item[TABLE_SCHEMA.sortKey]);
      if (sk === caseKey.sk) theCase = caseFromItem(item);
      else if (sk.startsWith(SK_PREFIX.message)) {
        messages.push(messageFromItem(item));
        messageAudit.push(foldedAudit(item));
      } else if (sk.startsWith(SK_PREFIX.audit)) auditGroups.push(auditFromItem(item));
      else if (sk.startsWith(SK_PREFIX.event)) {
        const audit = foldedAudit(item);
        if (audit.length > 0) markers.push({ item, audit });
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  // In the order of (time, id), as when every entry was an item of its own.
  const audit = [...auditGroups, ...messageAudit, ...markers.map((marker) => marker.audit)]
    .flat()
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  const read = { messages, audit, auditGroups, messageAudit, markers };
  return theCase ? { theCase, ...read } : read;
};
