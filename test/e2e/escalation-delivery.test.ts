/**
 * Delivery is the truth, end to end on the local stack: a level whose every target fails is
 * recorded as failed, not alerted, and the next level is alerted at once instead of after its
 * wait; a chain with no working target left reaches the configured fallback target.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { signLink } from '../../functions/alerts/links.ts';
import type { AuditEntry, Case } from '../../functions/domain/case.ts';
import { signInbound } from '../fixtures/build.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

/** Level 2 waits a minute after level 1: arriving within seconds means it did not wait. */
const LEVEL_2_WAIT = 'PT60S';
const DEADLINE_MS = 4_000;
/**
 * Deadline, sweeper tick (1 s), timer and alert queues, on a loaded machine: still less than half
 * the minute a level 2 that waited would take.
 */
const SOON_MS = DEADLINE_MS + 26_000;

interface CaseView {
  readonly case: Case;
  readonly audit: readonly AuditEntry[];
}

let stack: TestStack;
let receiver: AlertReceiver;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  const path = writeEscalationConfig(receiver.url, { firstResponse: 'PT4S', resolution: 'PT10M' }, [
    { notify: ['broken', 'also-broken'] },
    { notify: ['manager'], after: LEVEL_2_WAIT },
  ]);
  const config = JSON.parse(readFileSync(path, 'utf8'));
  // Webhook targets whose secret nobody set: every attempt fails for good, as a missing Slack secret does.
  config.targets.broken = { type: 'webhook', url: receiver.url, secret: 'NOT_SET_ALERT_SECRET' };
  config.targets['also-broken'] = { type: 'webhook', url: `${receiver.url}/also`, secret: 'NOT_SET_ALERT_SECRET' };
  config.targets.fallback = { type: 'webhook', url: `${receiver.url}/fallback`, secret: 'TEST_ALERT_WEBHOOK_SECRET' };
  config.alerts = { ...config.alerts, fallback: 'fallback' };
  // E-mail cases walk a chain with no working target at all.
  config.sla.policies.unshift({
    name: 'mail',
    match: { channels: ['email'] },
    firstResponse: 'PT4S',
    escalation: 'dead-end',
  });
  config.escalationChains['dead-end'] = {
    levels: [{ notify: ['broken'] }, { notify: ['also-broken'], after: 'PT60S' }],
  };
  writeFileSync(path, JSON.stringify(config));
  stack = await startTestStack({
    configPath: path,
    sweepEveryMs: 5_000,
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
  });
});

afterAll(async () => {
  await stack?.stop();
  receiver?.server.close();
});

const customerWrites = async (source: 'chat' | 'email', conversation: string) => {
  const at = new Date().toISOString();
  const body = JSON.stringify({
    type: 'message.created',
    timestamp: at,
    data: {
      conversationId: conversation,
      messageId: `${conversation}-1`,
      direction: 'inbound',
      occurredAt: at,
      text: 'my bag is lost and nobody answers',
      customer: { email: `${conversation}@example.com`, name: `Customer ${conversation}` },
    },
  });
  const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${conversation}`, new Date());
  const { status } = await stack.post(`/webhooks/inbound/${source}`, body, headers);
  if (status >= 300) throw new Error(`inbound message for ${conversation} answered ${status}`);
  return {
    wroteAt: Date.now(),
    alerts: () => receiver.received.filter((r) => r.data.customer.name === `Customer ${conversation}`),
  };
};

const viewOf = async (conversation: string): Promise<CaseView> => {
  const { json } = await stack.get('/cases?limit=100');
  const found = (json as { items: Case[] }).items.find((c) => c.customerName === `Customer ${conversation}`);
  if (!found) throw new Error(`no case for ${conversation}`);
  const { status, json: view } = await stack.get(`/cases/${found.id}`);
  if (status !== 200) throw new Error(`GET /cases/${found.id} answered ${status}`);
  return view as CaseView;
};

describe.concurrent('alert delivery on the local stack', { timeout: 90_000 }, () => {
  it('alerts level 2 at once when every level-1 target fails, and the case shows level 1 failed', async ({
    expect,
  }) => {
    // Prepare
    const customer = await customerWrites('chat', 'delivery-level1-down');

    // Act
    await until(() => customer.alerts().length >= 1, SOON_MS);
    const view = await viewOf('delivery-level1-down');
    const viewUrl = signLink({
      baseUrl: stack.url,
      caseId: view.case.id,
      action: 'view',
      expiresAt: new Date(Date.now() + 60_000),
      secret: TEST_SECRETS.LINK_SIGNING_SECRET,
    });
    const page = await (await fetch(viewUrl)).text();

    // Assess: level 2 came seconds after the deadline, not a minute after level 1
    const [level2, ...more] = customer.alerts();
    expect(more).toEqual([]);
    expect([level2?.data.level, level2?.path]).toEqual([2, '/alerts/manager']);
    expect((level2?.at ?? Infinity) - customer.wroteAt).toBeLessThan(SOON_MS);
    const [escalation] = view.case.escalations ?? [];
    expect(escalation?.deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          target: 'broken',
          level: 1,
          state: 'failed',
          reason: expect.stringContaining('NOT_SET_ALERT_SECRET is not set'),
        }),
        expect.objectContaining({ target: 'also-broken', level: 1, state: 'failed' }),
        expect.objectContaining({ target: 'manager', level: 2, state: 'delivered' }),
      ]),
    );
    const types = view.audit.map((a) => a.type);
    expect(types).toContain('escalation.level_failed');
    // Nobody received level 1, so the audit never says it was alerted.
    const alerted = view.audit.filter((a) => a.type === 'escalation.alerted').map((a) => a.detail?.level);
    expect(alerted).toEqual([2]);
    expect(page).toMatch(/level 1, round 1: broken <span class="tag overdue">failed<\/span>/);
    expect(page).toMatch(/level 2, round 1: manager <span class="tag">delivered<\/span>/);
  });

  it('alerts the fallback target when every level of the chain fails', async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('email', 'delivery-all-down');

    // Act
    await until(() => customer.alerts().length >= 1, SOON_MS + 6_000);
    const view = await viewOf('delivery-all-down');

    // Assess
    expect(customer.alerts().map((a) => [a.path, a.data.level])).toEqual([['/alerts/fallback', 2]]);
    const [escalation] = view.case.escalations ?? [];
    expect(escalation?.deliveries?.map((d) => [d.level, d.target, d.state, d.fallback ?? false])).toEqual(
      expect.arrayContaining([
        [1, 'broken', 'failed', false],
        [2, 'also-broken', 'failed', false],
        [2, 'fallback', 'delivered', true],
      ]),
    );
    expect(view.audit.filter((a) => a.type === 'escalation.alerted')).toEqual([]);
    expect(view.audit.filter((a) => a.type === 'alert.delivered').map((a) => a.detail?.target)).toEqual(['fallback']);
  });
});
