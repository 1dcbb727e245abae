/**
 * The escalation engine end to end on the local stack: DynamoDB Local, the SQS emulator with
 * delayed timer messages, the sweeper on a local timer, and a real webhook alert target.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInbound } from '../fixtures/build.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const ALERT_SECRET = 'whsec_dGVzdC1hbGVydC13ZWJob29rLXNlY3JldC0wMDAwMDAwMDA=';

interface Received {
  readonly at: number;
  readonly type: string;
  readonly data: { caseId: string; dueAt: string; level: number; kind: string; ackUrl: string };
}

/** A real HTTP endpoint for the `webhook` alert target; it checks every signature. */
const startReceiver = async (): Promise<{ url: string; received: Received[]; server: Server }> => {
  const received: Received[] = [];
  const verifier = new Webhook(ALERT_SECRET);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const event = verifier.verify(body, headers) as Omit<Received, 'at'>;
      received.push({ ...event, at: Date.now() });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, received, server };
};

/** sundown.config.json with one SLA policy and a chain that alerts the test's webhook receiver. */
const writeConfig = (receiverUrl: string, policy: object, levels: object[]): string => {
  const config = JSON.parse(readFileSync(new URL('../../sundown.config.json', import.meta.url), 'utf8'));
  Object.assign(config, {
    calendars: {},
    sla: { policies: [{ name: 'test', escalation: 'test', ...policy }] },
    escalationChains: { test: { levels, repeat: 0 } },
    targets: {
      pager: { type: 'webhook', url: receiverUrl, secret: 'TEST_ALERT_WEBHOOK_SECRET' },
      manager: { type: 'webhook', url: `${receiverUrl}/manager`, secret: 'TEST_ALERT_WEBHOOK_SECRET' },
    },
  });
  const path = join(tmpdir(), `sundown-escalation-${process.pid}-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
};

const chatMessage = (conversation: string, messageId: string, occurredAt: Date, direction: 'inbound' | 'outbound') =>
  JSON.stringify({
    type: 'message.created',
    timestamp: occurredAt.toISOString(),
    data: {
      conversationId: conversation,
      messageId,
      direction,
      occurredAt: occurredAt.toISOString(),
      text: direction === 'inbound' ? 'my flight was cancelled, nobody answers' : 'So sorry, we are on it',
      customer: { email: `${conversation}@example.com`, name: `Customer ${conversation}` },
      ...(direction === 'outbound' && { agent: { id: 'agent-1' } }),
    },
  });

const post = (stack: TestStack, body: string, id: string) =>
  stack.post('/webhooks/inbound/chat', body, signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, id, new Date()));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const until = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
};

describe('escalation at the deadline', () => {
  let stack: TestStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    const config = writeConfig(receiver.url, { firstResponse: 'PT45S' }, [{ notify: ['pager'] }]);
    stack = await startTestStack({
      configPath: config,
      sweepEveryMs: 1_000,
      env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    receiver?.server.close();
  });

  it('escalates each of 1,000 cases once if unanswered and never if answered in time', {
    timeout: 240_000,
  }, async () => {
    // Prepare: deadlines (opening + 45 s) spread over 40 s, starting 30 s from now; every
    // other case gets the brand's answer 10 s before its deadline.
    const start = Date.now();
    const cases = Array.from({ length: 1000 }, (_, i) => {
      const openedAt = new Date(start - 15_000 + (i % 40) * 1_000);
      return { conversation: `load-${i}`, openedAt, answered: i % 2 === 0 };
    });
    // Act
    for (let i = 0; i < cases.length; i += 25) {
      await Promise.all(
        cases
          .slice(i, i + 25)
          .map((c) =>
            post(
              stack,
              chatMessage(c.conversation, `${c.conversation}-q`, c.openedAt, 'inbound'),
              `msg_${c.conversation}_q`,
            ),
          ),
      );
    }
    await stack.drained(60_000);
    const answered = cases.filter((c) => c.answered);
    for (let i = 0; i < answered.length; i += 25) {
      await Promise.all(
        answered.slice(i, i + 25).map((c) => {
          const at = new Date(c.openedAt.getTime() + 35_000);
          return post(
            stack,
            chatMessage(c.conversation, `${c.conversation}-a`, at, 'outbound'),
            `msg_${c.conversation}_a`,
          );
        }),
      );
    }
    await stack.drained(60_000);
    const lastDeadline = start + 30_000 + 40_000;
    await until(() => receiver.received.length >= 500 && Date.now() > lastDeadline + 5_000, 150_000);
    await new Promise((r) => setTimeout(r, 3_000));

    // Assess
    const { json } = await stack.get('/cases?limit=100');
    expect((json as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const breaches = receiver.received.filter((r) => r.type === 'sundown.case.breached');
    const byConversation = new Map<string, number>();
    const alertedCases = new Map<string, number>();
    for (const alert of breaches) alertedCases.set(alert.data.caseId, (alertedCases.get(alert.data.caseId) ?? 0) + 1);
    expect(alertedCases.size).toBe(500);
    expect([...alertedCases.values()].every((n) => n === 1)).toBe(true);
    for (const caseId of alertedCases.keys()) {
      const detail = (await stack.get(`/cases/${caseId}`)).json as {
        messages: { direction: string; threadKey: string }[];
      };
      expect(detail.messages.map((m) => m.direction)).toEqual(['inbound']);
      byConversation.set(detail.messages[0]?.threadKey ?? '', 1);
    }
    expect([...byConversation.keys()].every((thread) => !cases.find((c) => c.conversation === thread)?.answered)).toBe(
      true,
    );
    const lateness = breaches.map((alert) => alert.at - Date.parse(alert.data.dueAt)).sort((a, b) => a - b);
    expect(lateness[0]).toBeGreaterThanOrEqual(-1_000);
    console.log(
      `escalation lateness over ${lateness.length} breaches: p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, max ${lateness.at(-1)} ms`,
    );
  });
});
