/**
 * Signed webhooks for the fault tests, built from the official samples with ids, senders and
 * times changed: X DMs, Meta Messenger posts carrying two messages each, and inbound chat
 * messages. Each says which messages it carries and which conversation they belong to.
 */

import { signInbound, signMeta, signX } from '../fixtures/build.ts';
import { messengerMessage } from '../fixtures/derived-samples.ts';
import { sampleJson } from '../fixtures/samples.ts';
import { TEST_SECRETS } from '../support/local-stack.ts';

export interface Webhook {
  readonly path: string;
  readonly body: string;
  /** Signed at each attempt, as a platform's retry would be. */
  readonly headers: () => Record<string, string>;
  /** One case per conversation. */
  readonly thread: string;
  /** `channel:platformMessageId` of every message it carries. */
  readonly messages: readonly string[];
}

const minuteAgo = () => Date.now() - 60_000;

/** A DM from X customer `customer`, its `message`-th. */
export const xDm = (customer: number, message: number): Webhook => {
  // biome-ignore lint/suspicious/noExplicitAny: an official sample, edited field by field below
  const body = sampleJson<Record<string, any>>('x-aaa-direct_message_events.json');
  const senderId = String(3_002_000_000 + customer);
  const dm = body.direct_message_events[0];
  dm.id = String(955_000_000_000_000_000n + BigInt(customer * 100 + message));
  dm.created_timestamp = String(minuteAgo() + message * 1_000);
  dm.message_create.sender_id = senderId;
  dm.message_create.message_data.text = `fault customer ${customer} message ${message}`;
  body.users = { [senderId]: { ...body.users['3001969357'], id: senderId, screen_name: `faulty${customer}` } };
  const text = JSON.stringify(body);
  return {
    path: '/webhooks/x',
    body: text,
    headers: () => signX(text, TEST_SECRETS.X_CONSUMER_SECRET),
    thread: `x:${senderId}`,
    messages: [`x:${dm.id}`],
  };
};

/** Two Messenger messages from customer `customer` in one POST, as Meta batches them. */
export const messengerPair = (customer: number, pair: number): Webhook => {
  const psid = String(8_000_000_000_000_000 + customer);
  const body = messengerMessage(psid);
  const first = body.entry[0].messaging[0];
  const mids = [0, 1].map((i) => `mid.fault:${customer}:${pair}:${i}`);
  const items = mids.map((mid, i) => ({
    ...first,
    timestamp: minuteAgo() + pair * 2_000 + i * 1_000,
    message: { mid, text: `messenger ${customer} pair ${pair} part ${i}` },
  }));
  body.entry[0].messaging = items;
  const text = JSON.stringify(body);
  return {
    path: '/webhooks/meta',
    body: text,
    headers: () => signMeta(text, TEST_SECRETS.META_APP_SECRET),
    thread: `messenger:${psid}`,
    messages: mids.map((mid) => `messenger:${mid}`),
  };
};

/** A message in web chat conversation `conversation`, its `message`-th. */
export const chat = (conversation: number, message: number): Webhook => {
  const sentAt = new Date(minuteAgo() + message * 1_000).toISOString();
  const messageId = `fault-chat-${conversation}-${message}`;
  const text = JSON.stringify({
    type: 'message.created',
    timestamp: sentAt,
    data: {
      conversationId: `fault-session-${conversation}`,
      messageId,
      occurredAt: sentAt,
      text: `chat ${conversation} message ${message}`,
      customer: { name: `Faulty visitor ${conversation}`, email: `faulty${conversation}@example.com` },
    },
  });
  return {
    path: '/webhooks/inbound/chat',
    body: text,
    headers: () => signInbound(text, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${messageId}`, new Date()),
    thread: `chat:fault-session-${conversation}`,
    // Stored scoped by source and conversation, where inbound message ids are unique.
    messages: [`chat:chat:fault-session-${conversation}:${messageId}`],
  };
};
