/**
 * The SQS client, built once per cold start. Apart from ./aws-clients.ts so that a function
 * which only queues (the webhook receiver) bundles no other AWS client.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { settings } from '../../config/settings.ts';
import { sdkLogger } from '../sdk-logger.ts';

let sqsClient: SQSClient | undefined;

export const sqs = (): SQSClient => {
  if (!sqsClient) {
    const { AWS_REGION: region, SQS_ENDPOINT: endpoint } = settings();
    // The emulator's queue URLs name hosts that do not resolve; send every call to its endpoint.
    sqsClient = new SQSClient(
      endpoint
        ? {
            region,
            endpoint,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            useQueueUrlAsEndpoint: false,
            logger: sdkLogger,
          }
        : { region, logger: sdkLogger },
    );
  }
  return sqsClient;
};
