/**
 * Tables for integration tests on the DynamoDB Local started by global-setup.ts. Every call
 * makes a new, uniquely named table, so tests can run in parallel without cleaning up.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { createCaseTable } from '../../local/create-table.ts';

export interface TestTable {
  readonly tableName: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** Configured like the production one in aws-clients.ts. */
  readonly documentClient: DynamoDBDocumentClient;
}

/**
 * A client and document client on DynamoDB Local, the document client configured like the
 * production one: a test that adds middleware (faults, a record of the calls) builds its own, so
 * no other test's calls go through it. Close it with `client.destroy()`.
 */
export function localClients(endpoint: string): { client: DynamoDBClient; documentClient: DynamoDBDocumentClient } {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, documentClient };
}

let clients: ReturnType<typeof localClients> | undefined;

function sharedClients(endpoint: string) {
  clients ??= localClients(endpoint);
  return clients;
}

export async function freshTable(): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const { client, documentClient } = sharedClients(endpoint);
  const tableName = `sundown-test-${randomUUID()}`;
  await createCaseTable(client, tableName);
  return { tableName, endpoint, client, documentClient };
}

export async function newStore(): Promise<DynamoCaseStore> {
  const { tableName, documentClient } = await freshTable();
  return new DynamoCaseStore({ client: documentClient, tableName });
}
