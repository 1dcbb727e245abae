/**
 * Platforms retry and reorder. Through the real receiver, SQS emulator, processor and
 * DynamoDB Local: every delivery pattern must leave exactly one case per conversation with
 * exactly its messages, in timestamp order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, CaseDetail } from '../../functions/domain/case.ts';
import { signInbound, signX } from '../fixtures/build.ts';
import { sampleJson } from '../fixtures/samples.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';
import { scenarioSize } from '../support/runs.ts';

interface Delivery {
  readonly path: string;
  readonly body: string;
  readonly headers: () => Record<string, string>;
  readonly thread: string;
  readonly messageId: string;
  readonly sentAt: string;
}

const START = Date.parse('2026-11-20T08:00:00.000Z');
/** Conversations of 10 messages, half X DMs and half chats: 10 in npm test, 20 in npm run test:scale. */
const THREADS = scenarioSize(10, 20);
const MESSAGES = 10;

/** A seeded generator, so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

/** x-aaa-direct_message_events.json with sender, ids, time and text changed per message. */
const xDm = (customer: number, message: number): Delivery => {
  // biome-ignore lint/suspicious/noExplicitAny: an official sample, edited field by field below
  const body = sampleJson<Record<string, any>>('x-aaa-direct_message_events.json');
  const senderId = String(3_001_969_000 + customer);
  const dm = body.direct_message_events[0];
  const sentAt = START + customer * 60_000 + message * 1_000;
  dm.id = String(954_491_830_000_000_000n + BigInt(customer * 100 + message));
  dm.created_timestamp = String(sentAt);
  dm.message_create.sender_id = senderId;
  dm.message_create.message_data.text = `customer ${customer} message ${message}`;
  body.users = { [senderId]: { ...body.users['3001969357'], id: senderId, screen_name: `camper${customer}` } };
  const text = JSON.stringify(body);
  return {
    path: '/webhooks/x',
    body: text,
    headers: () => signX(text, TEST_SECRETS.X_CONSUMER_SECRET),
    thread: `x:${senderId}`,
    messageId: dm.id,
    sentAt: new Date(sentAt).toISOString(),
  };
};

/** The documented inbound schema, posted by the "chat" source. */
const chat = (conversation: number, message: number): Delivery => {
  const sentAt = new Date(START + conversation * 60_000 + message * 1_000).toISOString();
  const messageId = `chat-${conversation}-${message}`;
  const text = JSON.stringify({
    type: 'message.created',
    timestamp: sentAt,
    data: {
      conversationId: `session-${conversation}`,
      messageId,
      occurredAt: sentAt,
      text: `chat ${conversation} message ${message}`,
      customer: { name: `Visitor ${conversation}`, email: `visitor${conversation}@example.com` },
    },
  });
  return {
    path: '/webhooks/inbound/chat',
    body: text,
    // Each delivery attempt is signed afresh, as a sender's retry would be, with the same webhook-id.
    headers: () => signInbound(text, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${messageId}`, new Date()),
    thread: `chat:session-${conversation}`,
    // Stored scoped by source and conversation, where inbound message ids are unique.
    messageId: `chat:session-${conversation}:${messageId}`,
    sentAt,
  };
};

describe('intake under retries and reordering', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // A message that loses a race with its thread's other copies comes back in 10 s, not 30.
    stack = await startTestStack({ intakeRetrySeconds: 10 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it(`turns ${THREADS * MESSAGES} events over ${THREADS} threads, each delivered 1 to 5 times in shuffled order, into exactly ${THREADS} cases`, {
    timeout: 120_000,
  }, async () => {
    // Prepare: as many X DM threads as chat threads, of 10 messages each.
    const next = random(20261123);
    const events: Delivery[] = [];
    for (let thread = 0; thread < THREADS; thread++) {
      for (let message = 0; message < MESSAGES; message++) {
        events.push(thread < THREADS / 2 ? xDm(thread, message) : chat(thread, message));
      }
    }
    const deliveries = events.flatMap((event) => Array.from({ length: 1 + Math.floor(next() * 5) }, () => event));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j] as Delivery, deliveries[i] as Delivery];
    }

    // Act: deliver 8 at a time, as platforms do in parallel.
    for (let i = 0; i < deliveries.length; i += 8) {
      const answers = await Promise.all(deliveries.slice(i, i + 8).map((d) => stack.post(d.path, d.body, d.headers())));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    }
    // Generous: a message that loses a race with its thread's other copies is retried only after
    // the intake queue's visibility timeout, and a loaded machine loses more races.
    await stack.drained(90_000);

    // Assess
    const list = await stack.get('/cases?limit=100');
    const cases = (list.json as { items: Case[] }).items;
    expect(deliveries.length).toBeGreaterThan(THREADS * MESSAGES);
    expect(cases).toHaveLength(THREADS);
    for (const summary of cases) {
      const { json } = await stack.get(`/cases/${summary.id}`);
      const detail = json as CaseDetail;
      const thread = events.find((e) => e.messageId === detail.messages[0]?.platformMessageId)?.thread;
      const expected = events.filter((e) => e.thread === thread).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
      expect(detail.messages.map((m) => m.platformMessageId)).toEqual(expected.map((e) => e.messageId));
      expect(detail.case.messageCount).toBe(MESSAGES);
      expect(detail.case.openedAt).toBe(expected[0]?.sentAt);
      expect(detail.audit.filter((a) => a.type === 'case.opened')).toHaveLength(1);
    }
    // One CaseOpened per case. A record whose write committed but whose receive outlived the
    // visibility timeout publishes its kept events again under the same ids, which consumers dedupe.
    const opened = stack.bus.events.filter((e) => e.type === 'CaseOpened');
    expect(new Set(opened.map((e) => e.id)).size).toBe(THREADS);
    expect(new Set(opened.map((e) => e.caseId))).toEqual(new Set(cases.map((c) => c.id)));
    expect(await stack.queueDepth(stack.queues.intake.dlqUrl)).toBe(0);
  });
});
