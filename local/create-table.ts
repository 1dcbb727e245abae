/**
 * Creates the case table on DynamoDB Local (or any account) from TABLE_SCHEMA, the same shape
 * the CDK construct deploys. Safe to call when the table already exists; says whether it made it.
 */
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { TABLE_SCHEMA } from '../functions/adapters/dynamodb/table.ts';

export async function createCaseTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  const { partitionKey, sortKey, indexes } = TABLE_SCHEMA;
  const gsis = Object.values(indexes);
  const keyAttributes = [partitionKey, sortKey, ...gsis.flatMap((index) => [index.partitionKey, index.sortKey])];
  let created = true;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: gsis.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false;
  }
  await waitUntilTableExists({ client, minDelay: 1, maxDelay: 5, maxWaitTime: 300 }, { TableName: tableName });
  await enableTimeToLive(client, tableName);
  return created;
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const enabled = ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING';
  if (enabled && ttl?.AttributeName === TABLE_SCHEMA.ttlAttribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
    }),
  );
}
