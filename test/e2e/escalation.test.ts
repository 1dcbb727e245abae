/**
 * The escalation engine end to end on the local stack: DynamoDB Local, the SQS emulator with
 * delayed timer messages, the sweeper on a local timer, and a real webhook alert target.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInbound } from '../fixtures/build.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

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

describe('escalation at the deadline', () => {
  let stack: TestStack;
  let receiver: AlertReceiver;
  beforeAll(async () => {
    receiver = await startAlertReceiver();
    const config = writeEscalationConfig(receiver.url, { firstResponse: 'PT120S' }, [{ notify: ['pager'] }]);
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
    timeout: 300_000,
  }, async () => {
    // Prepare: deadlines (opening + 120 s) spread over 40 s, starting 110 s from now, so that all
    // 1,500 messages are processed before the first one even on a loaded CI machine; every
    // other case gets the brand's answer, sent right after the question, 20 s after opening.
    const start = Date.now();
    const cases = Array.from({ length: 1000 }, (_, i) => {
      const openedAt = new Date(start - 10_000 + (i % 40) * 1_000);
      return { conversation: `load-${i}`, openedAt, answered: i % 2 === 0 };
    });
    const messages = cases.flatMap((c) => [
      {
        body: chatMessage(c.conversation, `${c.conversation}-q`, c.openedAt, 'inbound'),
        id: `msg_${c.conversation}_q`,
      },
      ...(c.answered
        ? [
            {
              body: chatMessage(
                c.conversation,
                `${c.conversation}-a`,
                new Date(c.openedAt.getTime() + 20_000),
                'outbound',
              ),
              id: `msg_${c.conversation}_a`,
            },
          ]
        : []),
    ]);
    // Act
    for (let i = 0; i < messages.length; i += 25) {
      await Promise.all(messages.slice(i, i + 25).map((m) => post(stack, m.body, m.id)));
    }
    await stack.drained(100_000);
    const firstDeadline = start - 10_000 + 120_000;
    // Guard: if intake itself was slower than the deadlines, the breaches below would be right.
    expect(Date.now()).toBeLessThan(firstDeadline);
    const lastDeadline = firstDeadline + 40_000;
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
