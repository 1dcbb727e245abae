/**
 * A surge end to end on the local stack: 100 angry chat messages about lost bags, each its own
 * conversation, arrive within a minute. The comms target (a real signed-webhook endpoint)
 * receives exactly one surge notice, the bus carries one SurgeDetected, and each of the 100
 * cases still has its own SLA clock running.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../functions/domain/case.ts';
import { signInbound } from '../fixtures/build.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

/** Four times the threshold of 25, ten at a time: 75 posts that could each have raised the surge again. */
const POSTS = 100;
const WORKERS = 10;

let stack: TestStack;
let receiver: AlertReceiver;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  const path = writeEscalationConfig(receiver.url, { firstResponse: 'PT1H' }, [{ notify: ['pager'] }]);
  const config = JSON.parse(readFileSync(path, 'utf8'));
  Object.assign(config, {
    topics: { baggage: { keywords: ['lost bag', 'suitcase'] } },
    surge: { threshold: 25, window: 'PT10M', notify: ['manager'] },
  });
  writeFileSync(path, JSON.stringify(config));
  // Posts race for the topic's surge count; a loser comes back in 10 s, not 30.
  stack = await startTestStack({
    configPath: path,
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
    intakeRetrySeconds: 10,
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  receiver?.server.close();
});

const angryMessage = async (i: number) => {
  const at = new Date();
  const body = JSON.stringify({
    type: 'message.created',
    timestamp: at.toISOString(),
    data: {
      conversationId: `surge-${i}`,
      messageId: `surge-${i}-1`,
      direction: 'inbound',
      occurredAt: at.toISOString(),
      text: `Lost bag again! Terrible, awful airline (${i})`,
      customer: { email: `surge-${i}@example.com`, name: `Surge ${i}` },
    },
  });
  const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_surge_${i}`, at);
  const { status } = await stack.post('/webhooks/inbound/chat', body, headers);
  if (status >= 300) throw new Error(`message ${i} answered ${status}`);
};

const allCases = async (): Promise<Case[]> => {
  const cases: Case[] = [];
  let cursor: string | undefined;
  do {
    const { json } = await stack.get(`/cases?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = json as { items: Case[]; cursor?: string };
    cases.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return cases;
};

describe('surge on the local stack', () => {
  it('gives 100 negative posts on one topic one surge alert, and every case its SLA', async () => {
    // Act
    for (let i = 0; i < POSTS; i += WORKERS) {
      await Promise.all(Array.from({ length: Math.min(WORKERS, POSTS - i) }, (_, j) => angryMessage(i + j)));
    }
    await stack.drained(180_000);
    const surges = () => receiver.received.filter((r) => r.type === 'sundown.notice.surge');
    await until(() => surges().length > 0, 30_000);
    // Room for a duplicate to show up if there were one.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // Assess
    expect(receiver.rejected).toEqual([]);
    expect(surges()).toHaveLength(1);
    expect(surges()[0]?.data).toMatchObject({ surge: 'topic', key: 'baggage', threshold: 25 });
    expect(stack.bus.events.filter((e) => e.type === 'SurgeDetected')).toHaveLength(1);
    const cases = (await allCases()).filter((c) => c.customerName?.startsWith('Surge '));
    expect(cases).toHaveLength(POSTS);
    expect(
      cases.filter((c) => c.topics?.includes('baggage') && c.sla?.clocks.firstResponse?.state === 'running'),
    ).toHaveLength(POSTS);
  }, 300_000);
});
