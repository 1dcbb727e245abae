/**
 * Bad input gets a clear 4xx naming what is wrong, and loses nothing: valid webhooks sent
 * between the bad ones all become cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../functions/domain/case.ts';
import { signInbound, signMeta, signX } from '../fixtures/build.ts';
import { minified } from '../fixtures/samples.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const { X_CONSUMER_SECRET: X, INBOUND_WEBHOOK_SECRET: INBOUND } = TEST_SECRETS;

let valid = 0;
/** A valid chat message, each with its own conversation. */
const goodChat = () => {
  valid += 1;
  const body = JSON.stringify({
    type: 'message.created',
    timestamp: new Date().toISOString(),
    data: {
      conversationId: `between-bad-${valid}`,
      messageId: `m-${valid}`,
      text: 'still waiting for my refund',
      customer: { email: `good${valid}@example.com` },
    },
  });
  return { body, headers: signInbound(body, INBOUND, `msg_good_${valid}`, new Date()) };
};

const chatBody = (data: Record<string, unknown>) =>
  JSON.stringify({ type: 'message.created', timestamp: new Date().toISOString(), data });

interface BadCase {
  readonly name: string;
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly headers?: () => Record<string, string>;
  readonly status: number;
  /** Must appear in the error message: the field or header at fault. */
  readonly names: string;
}

const dm = minified('x-aaa-direct_message_events.json');
const chatOk = chatBody({ conversationId: 'c', messageId: 'm', text: 'hi', customer: { email: 'a@example.com' } });
const oversized = 'x'.repeat(1_100_000);
const badDate = chatBody({
  conversationId: 'c',
  messageId: 'm',
  occurredAt: 'yesterday',
  customer: { email: 'a@example.com' },
});

const BAD: readonly BadCase[] = [
  {
    name: 'X event without signature',
    path: '/webhooks/x',
    body: dm,
    status: 401,
    names: 'x-twitter-webhooks-signature',
  },
  {
    name: 'X event with a wrong signature',
    path: '/webhooks/x',
    body: dm,
    headers: () => signX(dm, 'not-the-secret'),
    status: 401,
    names: 'x-twitter-webhooks-signature',
  },
  {
    name: 'X event signed over other bytes',
    path: '/webhooks/x',
    body: `${dm} `,
    headers: () => signX(dm, X),
    status: 401,
    names: 'x-twitter-webhooks-signature',
  },
  {
    name: 'signed X body that is not JSON',
    path: '/webhooks/x',
    body: 'for_user_id=1',
    headers: () => signX('for_user_id=1', X),
    status: 400,
    names: 'JSON',
  },
  {
    name: 'signed X body of an unknown shape',
    path: '/webhooks/x',
    body: '{"hello":"world"}',
    headers: () => signX('{"hello":"world"}', X),
    status: 400,
    names: 'for_user_id',
  },
  { name: 'X CRC without token', method: 'GET', path: '/webhooks/x', status: 400, names: 'crc_token' },
  {
    name: 'Meta event with a wrong signature',
    path: '/webhooks/meta',
    body: '{"object":"page","entry":[]}',
    headers: () => signMeta('{"object":"page","entry":[]}', 'wrong'),
    status: 401,
    names: 'x-hub-signature-256',
  },
  {
    name: 'Meta handshake with a wrong verify token',
    method: 'GET',
    path: '/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=123',
    status: 403,
    names: 'hub.verify_token',
  },
  {
    name: 'inbound without webhook-id',
    path: '/webhooks/inbound/chat',
    body: chatOk,
    headers: () => {
      const { 'webhook-id': _id, ...rest } = signInbound(chatOk, INBOUND, 'msg_1', new Date());
      return rest;
    },
    status: 401,
    names: 'webhook-id',
  },
  {
    name: 'inbound with a stale timestamp',
    path: '/webhooks/inbound/chat',
    body: chatOk,
    headers: () => signInbound(chatOk, INBOUND, 'msg_2', new Date(Date.now() - 6 * 60_000)),
    status: 401,
    names: 'timestamp',
  },
  {
    name: 'inbound that does not match the schema',
    path: '/webhooks/inbound/chat',
    body: badDate,
    headers: () => signInbound(badDate, INBOUND, 'msg_3', new Date()),
    status: 400,
    names: 'data.occurredAt',
  },
  {
    name: 'inbound to an unknown source',
    path: '/webhooks/inbound/fax',
    body: chatOk,
    headers: () => signInbound(chatOk, INBOUND, 'msg_4', new Date()),
    status: 404,
    names: 'fax',
  },
  {
    name: 'oversized body',
    path: '/webhooks/x',
    body: oversized,
    headers: () => signX(oversized, X),
    status: 413,
    names: 'bytes',
  },
  {
    name: 'case list with an unknown status',
    method: 'GET',
    path: '/cases?status=angry',
    status: 400,
    names: 'status',
  },
  { name: 'case list with a forged cursor', method: 'GET', path: '/cases?cursor=bm9wZQ', status: 400, names: 'cursor' },
  {
    name: 'unknown case',
    method: 'GET',
    path: '/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV',
    status: 404,
    names: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  },
];

describe('bad input', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each(BAD)('answers $status to $name, naming $names, and keeps the valid webhook sent beside it', async (bad) => {
    // Prepare
    const good = goodChat();
    // Act
    const response = await fetch(`${stack.url}${bad.path}`, {
      method: bad.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...stack.signedIn(), ...bad.headers?.() },
      ...(bad.body !== undefined && { body: bad.body }),
    });
    const accepted = await stack.post('/webhooks/inbound/chat', good.body, good.headers);
    // Assess
    const answer = (await response.json()) as { error: { code: string; message: string } };
    expect(response.status).toBe(bad.status);
    expect(answer.error.message).toContain(bad.names);
    expect(accepted.status).toBe(200);
  });

  it('lost none of the valid webhooks and made nothing of the bad ones', async () => {
    await stack.drained();
    const { json } = await stack.get('/cases?limit=100');
    const cases = (json as { items: Case[] }).items;
    expect(cases).toHaveLength(valid);
    expect(cases.every((c) => c.subject === 'still waiting for my refund')).toBe(true);
    expect(await stack.queueDepth(stack.queues.intake.dlqUrl)).toBe(0);
  });
});
