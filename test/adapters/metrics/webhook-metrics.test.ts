/** The webhook receiver counts what it accepts by platform and what it rejects by reason, flushed per request. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryMetrics } from '../../../functions/adapters/metrics/memory.ts';
import { resetSettingsCache } from '../../../functions/config/settings.ts';
import type { InboundEvent } from '../../../functions/domain/inbound-event.ts';
import { createHandler } from '../../../functions/handlers/webhooks.http.ts';
import { signX } from '../../fixtures/build.ts';
import { minified } from '../../fixtures/samples.ts';

const X_SECRET = 'metrics-test-x-secret';
const context = { functionName: 'test', awsRequestId: 'req-1' } as Context;

const xWebhook = (body: string, headers: Record<string, string>): APIGatewayProxyEventV2 =>
  ({
    routeKey: 'POST /webhooks/x',
    rawPath: '/webhooks/x',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    isBase64Encoded: false,
    requestContext: { domainName: '127.0.0.1', http: { method: 'POST' } },
  }) as unknown as APIGatewayProxyEventV2;

let metrics: MemoryMetrics;
let queued: InboundEvent[];
let handler: ReturnType<typeof createHandler>;
beforeEach(() => {
  vi.stubEnv('X_CONSUMER_SECRET', X_SECRET);
  resetSettingsCache();
  metrics = new MemoryMetrics();
  queued = [];
  // The queue is not what this test is about: an in-memory intake queue keeps it to the receiver.
  handler = createHandler({ metrics, intakeQueue: { send: async (events) => void queued.push(...events) } });
});

afterEach(() => {
  vi.unstubAllEnvs();
  resetSettingsCache();
});

describe('webhook metrics', () => {
  it('counts an accepted X webhook once, under platform x, and publishes it when the request ends', async () => {
    // Prepare
    const body = minified('x-aaa-direct_message_events.json');

    // Act
    const response = await handler(xWebhook(body, signX(body, X_SECRET)), context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queued.length).toBeGreaterThan(0);
    expect(metrics.unflushed).toEqual([]);
    expect(metrics.published).toEqual([{ name: 'WebhooksAccepted', value: 1, dimensions: { platform: 'x' } }]);
  });

  it('counts a webhook with a bad signature as a reject with reason invalid_signature', async () => {
    // Prepare
    const body = minified('x-aaa-direct_message_events.json');

    // Act
    const response = await handler(xWebhook(body, signX(body, 'not-the-secret')), context);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(queued).toEqual([]);
    expect(metrics.published).toEqual([
      { name: 'WebhookRejects', value: 1, dimensions: { reason: 'invalid_signature' } },
    ]);
  });

  it('counts rejects by the error code the sender got back', async () => {
    // Act
    await handler(xWebhook('{not json', signX('{not json', X_SECRET)), context);
    await handler({ ...xWebhook('', {}), routeKey: 'POST /webhooks/nowhere' }, context);

    // Assess
    expect(metrics.values('WebhookRejects', { reason: 'invalid_json' })).toEqual([1]);
    expect(metrics.values('WebhookRejects', { reason: 'not_found' })).toEqual([1]);
    expect(metrics.values('WebhooksAccepted')).toEqual([]);
  });
});
