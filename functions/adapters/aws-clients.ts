/**
 * AWS SDK clients, built once per cold start and shared by every adapter. Each other client lives
 * beside its adapter and is only re-exported here, so a bundle loads only the clients its function
 * uses. Locally, endpoints point at DynamoDB Local and the SQS emulator.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { settings } from '../config/settings.ts';
import { sdkLogger } from './sdk-logger.ts';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let documentClient: DynamoDBDocumentClient | undefined;

export const dynamoDocumentClient = (): DynamoDBDocumentClient => {
  if (!documentClient) {
    const { AWS_REGION: region, DYNAMODB_ENDPOINT: endpoint } = settings();
    const client = new DynamoDBClient(
      endpoint ? { region, endpoint, credentials: localCredentials, logger: sdkLogger } : { region, logger: sdkLogger },
    );
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
};

export { eventBridge } from './eventbridge/client.ts';
export { sns } from './sns/client.ts';
export { sqs } from './sqs/client.ts';
