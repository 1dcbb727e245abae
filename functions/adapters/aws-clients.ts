/**
 * AWS SDK clients, built once per cold start and shared by every adapter.
 * Locally, endpoints point at DynamoDB Local and the SQS emulator.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { settings } from '../config/settings.ts';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
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

export const sqs = (): SQSClient => {
  if (!sqsClient) {
    const { AWS_REGION: region, SQS_ENDPOINT: endpoint } = settings();
    // The emulator's queue URLs name hosts that do not resolve; send every call to its endpoint.
    sqsClient = new SQSClient(
      endpoint ? { region, endpoint, credentials: localCredentials, useQueueUrlAsEndpoint: false } : { region },
    );
  }
  return sqsClient;
};

export const eventBridge = (): EventBridgeClient => {
  if (!eventBridgeClient) eventBridgeClient = new EventBridgeClient({ region: settings().AWS_REGION });
  return eventBridgeClient;
};

export const sns = (): SNSClient => {
  if (!snsClient) snsClient = new SNSClient({ region: settings().AWS_REGION });
  return snsClient;
};
