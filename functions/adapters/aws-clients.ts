/**
 * AWS SDK clients, built once per cold start and shared by every adapter.
 * Locally, endpoints point at DynamoDB Local and the SQS emulator.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { settings } from '../config/settings.ts';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let documentClient: DynamoDBDocumentClient | undefined;
let eventBridgeClient: EventBridgeClient | undefined;
let snsClient: SNSClient | undefined;

export const dynamoDocumentClient = (): DynamoDBDocumentClient => {
  if (!documentClient) {
    const { AWS_REGION: region, DYNAMODB_ENDPOINT: endpoint } = settings();
    const client = new DynamoDBClient(endpoint ? { region, endpoint, credentials: localCredentials } : { region });
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
};

export { sqs } from './sqs/client.ts';

export const eventBridge = (): EventBridgeClient => {
  if (!eventBridgeClient) eventBridgeClient = new EventBridgeClient({ region: settings().AWS_REGION });
  return eventBridgeClient;
};

export const sns = (): SNSClient => {
  if (!snsClient) snsClient = new SNSClient({ region: settings().AWS_REGION });
  return snsClient;
};
