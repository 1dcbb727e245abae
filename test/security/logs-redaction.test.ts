/**
 * Customer text never reaches the logs at the default level: only with DEBUG on. Drives real
 * handlers and reads what the Powertools logger writes to stdout/stderr.
 */
import type { APIGatewayProxyEventV2, Context, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { logger } from '../../functions/commons/logger.ts';
import { resetSettingsCache } from '../../functions/config/settings.ts';
import { sqsConsumer } from '../../functions/handlers/sqs-consumer.ts';
import { createHandler } from '../../functions/handlers/webhooks.http.ts';
import { signX } from '../fixtures/build.ts';

const CUSTOMER_TEXT = 'my flight AB123 was cancelled and nobody answers';
const X_SECRET = 'redaction-test-x-secret';
const context = { functionName: 'test', awsRequestId: 'req-1' } as Context;
/** The real receiver; its intake queue is never reached by a body that is not JSON. */
const webhooks = createHandler({ intakeQueue: { send: async () => expect.fail('queued a rejected webhook') } });

const captureLogs = () => {
  const chunks: string[] = [];
  const keep = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  return () => chunks.join('');
};

/** Short enough that JSON.parse quotes all of it in its error message. */
const NOT_JSON_BODY = 'bag lost!';

/** A signed X webhook whose body is not JSON: the parser's error message quotes the body. */
const notJsonWebhook = (): APIGatewayProxyEventV2 => {
  const body = NOT_JSON_BODY;
  return {
    routeKey: 'POST /webhooks/x',
    rawPath: '/webhooks/x',
    headers: { 'content-type': 'application/json', ...signX(body, X_SECRET) },
    body,
    isBase64Encoded: false,
    requestContext: { domainName: '127.0.0.1', http: { method: 'POST' } },
  } as unknown as APIGatewayProxyEventV2;
};

const consumerReturning = (result: unknown) =>
  sqsConsumer({
    what: 'test message',
    schema: z.object({ id: z.string() }),
    deadLetters: () => {
      throw new Error('nothing is parked in this test');
    },
    process: async () => result,
  });

const sqsEvent = (): SQSEvent =>
  ({
    Records: [{ messageId: 'm-1', body: JSON.stringify({ id: 'x' }), attributes: {}, eventSource: 'aws:sqs' }],
  }) as unknown as SQSEvent;

const suiteLevel = logger.getLevelName();

beforeEach(() => {
  // INFO is the level on AWS (no POWERTOOLS_LOG_LEVEL set); the test suite runs quieter.
  logger.setLogLevel('INFO');
  vi.stubEnv('X_CONSUMER_SECRET', X_SECRET);
  resetSettingsCache();
});

afterEach(() => {
  logger.setLogLevel(suiteLevel);
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  resetSettingsCache();
});

describe('customer text in logs', () => {
  it('leaves the text of a rejected webhook body out of the logs at the default level', async () => {
    // Prepare
    const logs = captureLogs();

    // Act
    const response = await webhooks(notJsonWebhook(), context);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(logs()).toContain('request rejected');
    expect(logs()).toContain('invalid_json');
    expect(logs()).not.toContain(NOT_JSON_BODY);
  });

  it('logs the rejected body text only with DEBUG on', async () => {
    // Prepare
    logger.setLogLevel('DEBUG');
    const logs = captureLogs();

    // Act
    await webhooks(notJsonWebhook(), context);

    // Assess
    expect(logs()).toContain(NOT_JSON_BODY);
  });

  it('logs a processed message with its ids and flags at INFO and its text only at DEBUG', async () => {
    // Prepare
    const consumer = consumerReturning({ caseId: 'case-1', opened: true, text: CUSTOMER_TEXT });
    const infoLogs = captureLogs();

    // Act
    await consumer(sqsEvent(), context);
    const atInfo = infoLogs();
    vi.restoreAllMocks();
    logger.setLogLevel('DEBUG');
    const debugLogs = captureLogs();
    await consumer(sqsEvent(), context);

    // Assess
    expect(atInfo).toContain('case-1');
    expect(atInfo).not.toContain(CUSTOMER_TEXT);
    expect(debugLogs()).toContain(CUSTOMER_TEXT);
  });
});
