/**
 * Issue 13, finding 6: a Meta delivery of 5,000 WhatsApp messages is queued with its SQS calls in
 * parallel (bounded), identical items of one body become one message, and a delivery SQS stored
 * only part of is answered 5xx, so the platform's retry completes it and the processor's eventId
 * dedupe keeps every message once. How long the 5,000 take is measured by bench/big-batch.ts.
 */
import type { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sqs } from '../../functions/adapters/aws-clients.ts';
import { decodeIntakeMessage, SqsIntakeQueue } from '../../functions/adapters/sqs/intake-queue.ts';
import { SEND_CONCURRENCY } from '../../functions/adapters/sqs/send-batch.ts';
import { resetSettingsCache } from '../../functions/config/settings.ts';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { createHandler } from '../../functions/handlers/webhooks.http.ts';
import { allCases, postMeta, viewOf } from '../e2e/intake-platforms.support.ts';
import { whatsappDelivery, whatsappIds } from '../fixtures/big-deliveries.ts';
import { signMeta } from '../fixtures/build.ts';
import { call } from '../fuzz/support.ts';
import { injectFaults } from '../support/faults.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const META_ROUTE = httpRoutes().find((route) => route.method === 'POST' && route.path === '/webhooks/meta');
if (!META_ROUTE) throw new Error('no POST /webhooks/meta route');

/** An SQS client that stores nothing: records each SendMessageBatch, its calls in flight, and fails the ones asked. */
const recordingSqs = (options: { failCall?: number } = {}) => {
  const bodies: string[] = [];
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const client = {
    send: async (command: SendMessageBatchCommand) => {
      const callNumber = ++calls;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      const entries = command.input.Entries ?? [];
      if (callNumber === options.failCall) throw new Error('RequestThrottled: rate exceeded');
      for (const entry of entries) bodies.push(entry.MessageBody ?? '');
      return { Successful: entries.map((entry) => ({ Id: entry.Id })), Failed: [] };
    },
  };
  return {
    client: client as unknown as SQSClient,
    bodies,
    calls: () => calls,
    maxInFlight: () => maxInFlight,
    eventIds: () => bodies.map((body) => (decodeIntakeMessage(body) as { eventId: string }).eventId),
  };
};

/** The real receiver over an intake queue on the recording client. */
const postDelivery = (delivery: unknown, fake: ReturnType<typeof recordingSqs>) => {
  const body = JSON.stringify(delivery);
  const handler = createHandler({
    intakeQueue: new SqsIntakeQueue({ client: fake.client, queueUrl: 'https://sqs.local/intake' }),
  });
  return call(handler, META_ROUTE, {
    pathParameters: {},
    query: {},
    headers: { 'content-type': 'application/json', ...signMeta(body, TEST_SECRETS.META_APP_SECRET) },
    body,
    base64: false,
  });
};

describe('the webhook receiver with a 5,000-message delivery', () => {
  beforeAll(() => {
    for (const [name, value] of Object.entries(TEST_SECRETS)) vi.stubEnv(name, value);
    resetSettingsCache();
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    resetSettingsCache();
  });

  it('queues every message once, with up to SEND_CONCURRENCY SQS calls in flight at a time', async () => {
    // Prepare
    const delivery = whatsappDelivery(5_000);
    const fake = recordingSqs();

    // Act
    const answer = await postDelivery(delivery, fake);

    // Assess
    expect(answer.statusCode, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ queued: 5_000, duplicates: 0 });
    expect(fake.calls()).toBe(500);
    expect(fake.maxInFlight()).toBeGreaterThan(1);
    expect(fake.maxInFlight()).toBeLessThanOrEqual(SEND_CONCURRENCY);
    expect(new Set(fake.eventIds()).size).toBe(5_000);
    expect(
      fake
        .eventIds()
        .map((id) => id.split(':').at(-1))
        .sort(),
    ).toEqual(whatsappIds(delivery).sort());
  });

  it('queues 3,000 identical messages of one body as one message', async () => {
    // Prepare
    const fake = recordingSqs();

    // Act
    const answer = await postDelivery(whatsappDelivery(3_000, { distinct: false }), fake);

    // Assess
    expect(answer.statusCode, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ queued: 1, duplicates: 2_999 });
    expect(fake.bodies).toHaveLength(1);
  });

  it('answers 503 naming how many were not queued when SQS refuses part, and starts no further call', async () => {
    // Prepare: the third of 100 calls fails.
    const fake = recordingSqs({ failCall: 3 });

    // Act
    const answer = await postDelivery(whatsappDelivery(1_000), fake);

    // Assess
    expect(answer.statusCode, answer.body).toBe(503);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'not_queued' });
    expect(JSON.parse(answer.body).error.message).toMatch(/of 1000 events could not be queued/);
    expect(fake.calls()).toBeLessThanOrEqual(3 + SEND_CONCURRENCY);
  });
});

describe('a delivery SQS stored only part of, retried by the platform', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // The retry's copies race the first attempt's for their customers' cases; a loser comes back in 10 s, not 30.
    stack = await startTestStack({ env: { POWERTOOLS_LOG_LEVEL: 'CRITICAL' }, intakeRetrySeconds: 10 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is answered 503, then 200 on the retry, and every message ends up in its case exactly once', {
    timeout: 200_000,
  }, async () => {
    // Prepare: 200 messages of 50 customers; every other intake SendMessageBatch refuses some entries.
    const delivery = whatsappDelivery(200);
    const body = JSON.stringify(delivery);
    const faults = injectFaults(sqs(), 'sqs', {
      seed: 13,
      rate: 0.5,
      kinds: ['partialBatch'],
      applies: (request) =>
        request.command === 'SendMessageBatchCommand' && request.input.QueueUrl === stack.queues.intake.url,
    });

    // Act: the platform's first attempt, then its retry once SQS is well again.
    const first = await stack.post('/webhooks/meta', body, signMeta(body, TEST_SECRETS.META_APP_SECRET));
    faults.stop();
    const retry = await postMeta(stack, delivery);
    await stack.drained(150_000);

    // Assess
    expect(first.status, JSON.stringify(first.json)).toBe(503);
    expect(retry.queued).toBe(200);
    const views = await Promise.all((await allCases(stack)).map((c) => viewOf(stack, c.id)));
    const stored = views.flatMap((view) => view.messages.map((message) => message.platformMessageId));
    expect(stored.sort()).toEqual(whatsappIds(delivery).sort());
  });
});
