/**
 * Issue 13, finding 4 (receiver to queue): a signed inbound message of 600 KB of ASCII text,
 * 300 KB of Chinese or 240 KB of emoji is queued in one SQS message (UTF-8, its text once,
 * gzipped when large) and read back by the intake consumer as the same event; one that cannot
 * fit the queue's message limit even so is refused with 413 naming the limit, with nothing queued.
 * Runs the real receiver handler against the SQS emulator with the queue's limit set as on AWS,
 * then the same messages through the whole local stack, processed into cases.
 */
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeadLetters } from '../../functions/adapters/sqs/dead-letters.ts';
import { decodeIntakeMessage, SqsIntakeQueue } from '../../functions/adapters/sqs/intake-queue.ts';
import { decodeBody, SQS_MAX_MESSAGE_BYTES } from '../../functions/adapters/sqs/message-body.ts';
import { resetSettingsCache } from '../../functions/config/settings.ts';
import { type InboundEvent, inboundEventSchema } from '../../functions/domain/inbound-event.ts';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { sqsConsumer } from '../../functions/handlers/sqs-consumer.ts';
import { createHandler } from '../../functions/handlers/webhooks.http.ts';
import { type SqsEmulator, startSqsEmulator } from '../../local/sqs-emulator.ts';
import { lambdaContext } from '../../local/sqs-poller.ts';
import { allCases, viewOf } from '../e2e/intake-platforms.support.ts';
import { ASCII, CHINESE, EMOJI, inboundTextMessage, randomText } from '../fixtures/big-deliveries.ts';
import { signInbound } from '../fixtures/build.ts';
import { call } from '../fuzz/support.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const INBOUND_ROUTE = httpRoutes().find((route) => route.path === '/webhooks/inbound/{source}');
if (!INBOUND_ROUTE) throw new Error('no inbound route');

const occurrences = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

/** How a piece of text reads inside a queued JSON body: JSON-escaped, characters outside the BMP as \u escapes. */
const asQueued = (text: string): string =>
  JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\ud800-\udfff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);

describe('the receiver with one very large inbound message', () => {
  let emulator: SqsEmulator;
  let client: SQSClient;
  let queueUrl: string;
  const sent: InboundEvent[] = [];

  beforeAll(async () => {
    for (const [name, value] of Object.entries(TEST_SECRETS)) vi.stubEnv(name, value);
    resetSettingsCache();
    emulator = await startSqsEmulator({ queueNames: ['intake'], region: 'us-east-1' });
    queueUrl = (emulator.queues.intake as { url: string }).url;
    client = new SQSClient({
      region: 'us-east-1',
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
  });
  afterEach(() => {
    sent.length = 0;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    client?.destroy();
    await emulator?.stop();
  });

  const post = (text: string, id: string) => {
    const real = new SqsIntakeQueue({ client, queueUrl });
    const handler = createHandler({
      intakeQueue: {
        send: async (events) => {
          await real.send(events);
          sent.push(...events);
        },
      },
    });
    const body = JSON.stringify(inboundTextMessage(text, id));
    return call(handler, INBOUND_ROUTE, {
      pathParameters: { source: 'chat' },
      query: {},
      headers: {
        'content-type': 'application/json',
        ...signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${id}`, new Date()),
      },
      body,
      base64: false,
    });
  };

  /** Everything on the queue, handed to an intake consumer that records what it would process. */
  const consumeAll = async (): Promise<{ bodies: string[]; processed: InboundEvent[] }> => {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    const processed: InboundEvent[] = [];
    const consumer = sqsConsumer({
      what: 'intake event',
      schema: inboundEventSchema,
      decode: decodeIntakeMessage,
      deadLetters: () => ({ park: async () => expect.fail('parked') }) as unknown as DeadLetters,
      process: async (event) => processed.push(event),
    });
    const records = Messages.map((message) => ({ messageId: message.MessageId, body: message.Body }) as SQSRecord);
    await consumer({ Records: records } as SQSEvent, lambdaContext('intake'));
    return { bodies: Messages.map((message) => message.Body ?? ''), processed };
  };

  it.each([
    ['600 KB of ASCII text', randomText(600_000, ASCII, 1)],
    ['300 KB of Chinese', randomText(300_000, CHINESE, 2)],
    ['240 KB of emoji', randomText(240_000, EMOJI, 3)],
  ])('queues %s as one message under the limit and the consumer reads back the same event', async (_, text) => {
    // Act
    const answer = await post(text, `big-${text.length}`);
    const { bodies, processed } = await consumeAll();

    // Assess
    expect(answer.statusCode, answer.body.slice(0, 300)).toBe(200);
    expect(bodies).toHaveLength(1);
    const body = bodies[0] as string;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(SQS_MAX_MESSAGE_BYTES);
    expect(occurrences(decodeBody(body), asQueued(text.slice(0, 40)))).toBe(1);
    expect(processed).toEqual(sent);
    expect(processed[0]?.text).toBe(text);
  });

  it('keeps Chinese as UTF-8 on the queue, not as \\u escapes', async () => {
    // Prepare: small enough to stay uncompressed.
    const text = randomText(3_000, CHINESE, 4);

    // Act
    await post(text, 'chinese-small');
    const { bodies } = await consumeAll();

    // Assess
    expect(bodies[0]).toContain(text);
    expect(bodies[0]).not.toMatch(/\\u[4-9][0-9a-f]{3}/);
  });

  it('refuses with 413 naming the limit a message that does not fit the queue even compressed, queueing nothing', async () => {
    // Prepare: 1,000,000 bytes of random text, under the 1 MiB body limit; gzip cannot shrink it enough.
    const text = randomText(1_000_000, ASCII, 5);

    // Act
    const answer = await post(text, 'too-big');
    const { bodies } = await consumeAll();

    // Assess
    expect(answer.statusCode).toBe(413);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'event_too_large', limit: SQS_MAX_MESSAGE_BYTES });
    expect(JSON.parse(answer.body).error.message).toContain(`${SQS_MAX_MESSAGE_BYTES}-byte message limit`);
    expect(bodies).toEqual([]);
  });
});

describe('the local stack with the same three messages', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { POWERTOOLS_LOG_LEVEL: 'CRITICAL' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('queues and processes each: every one ends up in a case, nothing on the intake DLQ', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const texts = {
      ascii: randomText(600_000, ASCII, 1),
      chinese: randomText(300_000, CHINESE, 2),
      emoji: randomText(240_000, EMOJI, 3),
    };

    // Act
    const statuses: Record<string, number> = {};
    for (const [name, text] of Object.entries(texts)) {
      const body = JSON.stringify(inboundTextMessage(text, `e2e-${name}`));
      const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_e2e_${name}`, new Date());
      statuses[name] = (await stack.post('/webhooks/inbound/chat', body, headers)).status;
    }
    await stack.drained(90_000);

    // Assess
    expect(statuses).toEqual({ ascii: 200, chinese: 200, emoji: 200 });
    const views = await Promise.all((await allCases(stack)).map((c) => viewOf(stack, c.id)));
    const stored = views.flatMap((view) => view.messages.map((message) => message.platformMessageId));
    for (const name of Object.keys(texts)) expect(stored).toContain(`chat:conv-e2e-${name}:msg-e2e-${name}`);
    expect(await stack.queueDepth(stack.queues.intake.dlqUrl)).toBe(0);
  });
});
