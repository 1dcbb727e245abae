/**
 * Reads a case's whole partition (the case item, its messages and its audit log) in one paged
 * query: what the case page, the intake processor and the erasure all start from.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, Case, Message } from '../../domain/case.ts';
import type { Table } from './customers.ts';
import { auditFromItem, fromItem, type Item } from './items.ts';
import { keys, SK_PREFIX, TABLE_SCHEMA } from './table.ts';

export interface CasePartition {
  readonly theCase?: Case;
  readonly messages: Message[];
  readonly audit: AuditEntry[];
}

export const readCasePartition = async (
  table: Table,
  caseId: string,
  options: { readonly consistent?: boolean } = {},
): Promise<CasePartition> => {
  let theCase: Case | undefined;
  const messages: Message[] = [];
  const audit: AuditEntry[] = [];
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
      if (sk === caseKey.sk) theCase = fromItem<Case>(item);
      else if (sk.startsWith(SK_PREFIX.message)) messages.push(fromItem<Message>(item));
      else if (sk.startsWith(SK_PREFIX.audit)) audit.push(auditFromItem(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return theCase ? { theCase, messages, audit } : { messages, audit };
};
