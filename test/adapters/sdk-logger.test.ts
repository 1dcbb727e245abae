/**
 * The SDK clients skip the SDK's per-call log filtering: with its default no-op logger every request
 * and response is walked through the sensitive-data filter for a log line nobody writes.
 */
import { DeleteMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../functions/adapters/aws-clients.ts';
import { eventBridge } from '../../functions/adapters/eventbridge/client.ts';
import { sdkLogger } from '../../functions/adapters/sdk-logger.ts';
import { sns } from '../../functions/adapters/sns/client.ts';
import { sqs } from '../../functions/adapters/sqs/client.ts';

/** How many times a DeleteMessage call on a client built with `logger` has its input filtered for the log. */
const filteredFor = async (logger?: typeof sdkLogger): Promise<number> => {
  const client = new SQSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    endpoint: 'http://127.0.0.1:1',
    ...(logger ? { logger } : {}),
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Buffer.from('{}'),
        },
      }),
    },
  });
  let filtered = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const filter = context.inputFilterSensitiveLog;
      context.inputFilterSensitiveLog = (input: unknown) => {
        filtered += 1;
        return filter ? filter(input) : input;
      };
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'countLogFilter' },
  );
  await client.send(
    new DeleteMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q', ReceiptHandle: 'r' }),
  );
  client.destroy();
  return filtered;
};

describe('the SDK clients', () => {
  it('are built with the logger that has no info, so no call is filtered for a log line', async () => {
    // Act
    const withDefault = await filteredFor();
    const withOurs = await filteredFor(sdkLogger);

    // Assess: the SDK's default filters each call; ours none
    expect(withDefault).toBeGreaterThan(0);
    expect(withOurs).toBe(0);
  });

  it('every client the adapters build uses it', () => {
    // Act
    const loggers = [dynamoDocumentClient(), sqs(), eventBridge(), sns()].map((client) => client.config.logger);

    // Assess
    for (const logger of loggers) expect(logger).toBe(sdkLogger);
  });
});
