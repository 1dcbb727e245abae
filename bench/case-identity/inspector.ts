/** A document client of the benchmark's own on the measuring stack's table: its reads are never metered. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MeasuringStack } from '../support/stack.ts';

export interface Inspector {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  destroy(): void;
}

export const inspector = (stack: MeasuringStack): Inspector => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.dynamoEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
  );
  return { client, tableName: stack.tableName, destroy: () => client.destroy() };
};
