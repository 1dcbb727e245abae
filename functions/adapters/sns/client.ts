/** The SNS client, built on the first e-mail an e-mail target sends (email-publisher.ts loads this module then). */
import { SNSClient } from '@aws-sdk/client-sns';
import { settings } from '../../config/settings.ts';
import { sdkLogger } from '../sdk-logger.ts';

let client: SNSClient | undefined;

export const sns = (): SNSClient => {
  client ??= new SNSClient({ region: settings().AWS_REGION, logger: sdkLogger });
  return client;
};

export { PublishCommand } from '@aws-sdk/client-sns';
