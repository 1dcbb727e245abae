/**
 * The escalation engine under load on the local stack: DynamoDB Local, the SQS emulator with
 * delayed timer messages, the sweeper on a local timer, and a real webhook alert target. Half the
 * cases get the brand's answer in time; every other one must be escalated exactly once. The same
 * scenario runs small in `npm test` (test/e2e/escalation.test.ts) and at scale in
 * `npm run test:scale` (test/scale/escalation.test.ts).
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

export interface EscalationLoad {
  readonly cases: number;
  /** The first-response target, in seconds. */
  readonly deadlineSeconds: number;
  /** Openings are spread one second apart over this many seconds, so deadlines are too. */
  readonly spreadSeconds: number;
  /** How far before the test starts the earliest case opened, in seconds. */
  readonly openedBeforeSeconds: number;
  /** When the brand answers an answered case, in seconds after it opened. */
  readonly answerAfterSeconds: number;
}

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

export const describeEscalationLoad = (load: EscalationLoad) =>
  describe('escalation at the deadline', () => {
    let stack: TestStack;
    let receiver: AlertReceiver;
    const deadlineMs = load.deadlineSeconds * 1_000;
    const spreadMs = load.spreadSeconds * 1_000;
    beforeAll(async () => {
      receiver = await startAlertReceiver();
      const config = writeEscalationConfig(receiver.url, { firstResponse: `PT${load.deadlineSeconds}S` }, [
        { notify: ['pager'] },
      ]);
      stack = await startTestStack({
        configPath: config,
        sweepEveryMs: 5_000,
        env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
      });
    });
    afterAll(async () => {
      await stack?.stop();
      receiver?.server.close();
    });

    it(`escalates each of ${load.cases} cases once if unanswered and never if answered in time`, {
      timeout: 60_000 + 2 * (deadlineMs + spreadMs),
    }, async () => {
      // Prepare: deadlines spread over the spread, the first one well after every message has been
      // taken in even on a loaded CI machine; every other case gets the brand's answer in time.
      const start = Date.now();
      const firstOpening = start - load.openedBeforeSeconds * 1_000;
      const cases = Array.from({ length: load.cases }, (_, i) => {
        const openedAt = new Date(firstOpening + (i % load.spreadSeconds) * 1_000);
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
                  new Date(c.openedAt.getTime() + load.answerAfterSeconds * 1_000),
                  'outbound',
                ),
                id: `msg_${c.conversation}_a`,
              },
            ]
          : []),
      ]);
      const firstDeadline = firstOpening + deadlineMs;

      // Act
      for (let i = 0; i < messages.length; i += 25) {
        await Promise.all(messages.slice(i, i + 25).map((m) => post(stack, m.body, m.id)));
      }
      await stack.drained(Math.max(10_000, firstDeadline - Date.now()));
      const drainedAfterMs = Date.now() - start;
      // Guard: if intake itself was slower than the deadlines, the breaches below would be right.
      expect(Date.now()).toBeLessThan(firstDeadline);
      const lastDeadline = firstDeadline + spreadMs;
      const unanswered = load.cases / 2;
      await until(
        () => receiver.received.length >= unanswered && Date.now() > lastDeadline + 5_000,
        deadlineMs + 30_000,
      );
      await new Promise((r) => setTimeout(r, 3_000));

      // Assess
      const { json } = await stack.get('/cases?limit=100');
      expect((json as { items: unknown[] }).items.length).toBeGreaterThan(0);
      const breaches = receiver.received.filter((r) => r.type === 'sundown.case.breached');
      const byConversation = new Map<string, number>();
      const alertedCases = new Map<string, number>();
      for (const alert of breaches) alertedCases.set(alert.data.caseId, (alertedCases.get(alert.data.caseId) ?? 0) + 1);
      expect(alertedCases.size).toBe(unanswered);
      expect([...alertedCases.values()].every((n) => n === 1)).toBe(true);
      for (const caseId of alertedCases.keys()) {
        const detail = (await stack.get(`/cases/${caseId}`)).json as {
          messages: { direction: string; threadKey: string }[];
        };
        expect(detail.messages.map((m) => m.direction)).toEqual(['inbound']);
        byConversation.set(detail.messages[0]?.threadKey ?? '', 1);
      }
      expect(
        [...byConversation.keys()].every((thread) => !cases.find((c) => c.conversation === thread)?.answered),
      ).toBe(true);
      const lateness = breaches.map((alert) => alert.at - Date.parse(alert.data.dueAt)).sort((a, b) => a - b);
      expect(lateness[0]).toBeGreaterThanOrEqual(-1_000);
      console.log(
        `intake drained after ${drainedAfterMs} ms; escalation lateness over ${lateness.length} breaches: p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, max ${lateness.at(-1)} ms`,
      );
    });
  });
