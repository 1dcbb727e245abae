import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createCaseTable } from '../../local/create-table.ts';
import { freshTable } from '../support/dynamo.ts';

describe('createCaseTable', () => {
  it('builds the table from TABLE_SCHEMA and can run again on an existing table', async () => {
    // Prepare
    const { client, tableName } = await freshTable();

    // Act
    await createCaseTable(client, tableName);

    // Assess
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.Projection?.ProjectionType])).toEqual(
      expect.arrayContaining([
        ['gsi1', 'KEYS_ONLY'],
        ['gsi2', 'KEYS_ONLY'],
      ]),
    );
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });
});
