/**
 * The EventBridge client, built once per cold start. Apart from ../aws-clients.ts so that a function
 * which publishes nothing (the alert worker) loads no EventBridge client.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { settings } from '../../config/settings.ts';
import { sdkLogger } from '../sdk-logger.ts';

let client: EventBridgeClient | undefined;

export const eventBridge = (): EventBridgeClient => {
  client ??= new EventBridgeClient({ region: settings().AWS_REGION, logger: sdkLogger });
  return client;
};
