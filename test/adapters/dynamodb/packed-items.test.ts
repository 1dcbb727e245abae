/** Cases and a write's audit entries are stored deflated, in as few items as fit: read back whole. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import { keys } from '../../../functions/adapters/dynamodb/table.ts';
import { freshTable } from '../../support/dynamo.ts';
import { aCase, anAuditEntry } from './fixtures.ts';

it("stores a write's three audit entries as one item and reads back the case and every entry as written", async () => {
  // Prepare
  const { tableName, documentClient } = await freshTable();
  const store = new DynamoCaseStore({ client: documentClient, tableName });
  const opened = aCase({ subject: 'Where is my order?' });
  const audit = [anAuditEntry(opened.id), anAuditEntry(opened.id), anAuditEntry(opened.id)];

  // Act
  await store.createCase({ case: opened, audit });

  // Assess
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': keys.case(opened.id).pk, ':audit': 'AUDIT#' },
    }),
  );
  expect(Items).toHaveLength(1);
  const detail = await store.getCaseDetail(opened.id);
  expect(detail?.case).toEqual(opened);
  expect(detail?.audit).toEqual([...audit].sort((a, b) => a.id.localeCompare(b.id)));
});
