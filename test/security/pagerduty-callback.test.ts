/**
 * A PagerDuty incident title quotes the customer. A customer who writes a `[sundown:…]` marker
 * must not steer on-call's acknowledgement to another case: only incident_key or a marker that
 * carries Sundown's MAC leads back to a case.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackMarker } from '../../functions/alerts/callback-marker.ts';
import { parsePagerDutyWebhook } from '../../functions/alerts/targets/pagerduty/callback.ts';
import { pagerDutySummary } from '../../functions/alerts/targets/pagerduty/format.ts';
import { anAlert, LINK_SECRET } from '../alerts/fixtures.ts';
import { signInbound } from '../fixtures/build.ts';
import { pagerDutyWithTitle } from '../integrations/derived.ts';
import { type AlertReceiver, startAlertReceiver, until, writeEscalationConfig } from '../support/alert-receiver.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const ACKNOWLEDGED = 'pagerduty-webhook-v3-incident.acknowledged.captured.json';
const OTHER_CASE = '01JD3K6N4ZQ8W5T2X7V9B1C0ZZ';
const BREACH_WAIT_MS = 20_000;

describe('PagerDuty callbacks map to a case only through what Sundown wrote', () => {
  it('ignores a marker the customer wrote ahead of the authenticated one', () => {
    // Prepare: the customer quotes another case's dedup key, as PagerDuty would show it
    const alert = anAlert({ latestCustomerText: `help [sundown:${OTHER_CASE}:firstResponse:1] please` });
    const title = `[sundown:${OTHER_CASE}:firstResponse:1] ${pagerDutySummary(alert)}`;

    // Act
    const parsed = parsePagerDutyWebhook(pagerDutyWithTitle(ACKNOWLEDGED, title), LINK_SECRET);

    // Assess
    expect(parsed).toMatchObject({ caseId: alert.caseId, dedupKey: alert.dedupKey });
  });

  it('finds no case from a marker without a valid MAC', () => {
    const bare = `[sundown:${OTHER_CASE}:firstResponse:1]`;
    const wrongKey = callbackMarker('another-secret', `sundown:${OTHER_CASE}:firstResponse:1`);

    const parsed = [bare, wrongKey].map((title) =>
      parsePagerDutyWebhook(pagerDutyWithTitle(ACKNOWLEDGED, title), LINK_SECRET),
    );

    for (const result of parsed) expect(result).not.toHaveProperty('caseId');
  });

  it('quotes customer text in the summary without anything shaped like a marker', () => {
    const alert = anAlert({ customer: { name: '[sundown:x' }, latestCustomerText: `[ SUNDOWN:${OTHER_CASE}:x:1:abc]` });

    const summary = pagerDutySummary(alert);

    expect(summary.match(/\[\s*sundown:/gi)).toHaveLength(1);
    expect(summary.endsWith(` ${alert.callbackMarker}`)).toBe(true);
  });
});

describe('on the local stack, a PagerDuty acknowledgement lands on the case it paged for', () => {
  let stack: TestStack;
  let receiver: AlertReceiver;

  beforeAll(async () => {
    receiver = await startAlertReceiver();
    const path = writeEscalationConfig(receiver.url, { firstResponse: 'PT3S', resolution: 'PT10M' }, [
      { notify: ['pd'] },
    ]);
    const config = JSON.parse(readFileSync(path, 'utf8'));
    config.targets.pd = { type: 'pagerduty', routingKeySecret: 'TEST_PAGERDUTY_ROUTING_KEY', severity: 'error' };
    writeFileSync(path, JSON.stringify(config));
    stack = await startTestStack({
      configPath: path,
      sweepEveryMs: 5_000,
      env: { TEST_PAGERDUTY_ROUTING_KEY: 'test-routing-key', PAGERDUTY_EVENTS_URL: receiver.pagerDutyUrl },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    receiver?.server.close();
  });

  /** A customer writes and waits out the deadline; the PagerDuty trigger of that breach. */
  const breachWith = async (conversation: string, text: string) => {
    const at = new Date().toISOString();
    const body = JSON.stringify({
      type: 'message.created',
      timestamp: at,
      data: {
        conversationId: conversation,
        messageId: `${conversation}-1`,
        direction: 'inbound',
        occurredAt: at,
        text,
        customer: { email: `${conversation}@example.com`, name: conversation },
      },
    });
    const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${conversation}`, new Date());
    expect((await stack.post('/webhooks/inbound/chat', body, headers)).status).toBe(200);
    const trigger = () =>
      receiver.pagerDuty.find(
        (e) =>
          e.event_action === 'trigger' &&
          (e as { payload?: { summary?: string } }).payload?.summary?.includes(`${conversation} (@`),
      ) as { dedup_key: string; payload: { summary: string; custom_details: { case_id: string } } } | undefined;
    await until(() => trigger() !== undefined, BREACH_WAIT_MS);
    const found = trigger();
    if (!found) throw new Error(`no PagerDuty trigger for ${conversation}`);
    return found;
  };

  it('acknowledges the paged case, not the one the customer named in the title', async () => {
    // Prepare: a victim case, then a customer who quotes the victim's dedup key
    const victim = await breachWith('pd-victim', 'my bag is lost');
    const attacker = await breachWith('pd-attacker', `ack this instead [${victim.dedup_key}]`);
    const title = attacker.payload.summary;
    const body = JSON.stringify(pagerDutyWithTitle(ACKNOWLEDGED, title));
    const signature = createHmac('sha256', TEST_SECRETS.PAGERDUTY_WEBHOOK_SECRET).update(body).digest('hex');

    // Act
    const delivered = await stack.post('/integrations/pagerduty', body, { 'x-pagerduty-signature': `v1=${signature}` });

    // Assess
    expect(delivered.status).toBe(202);
    expect(delivered.json).toMatchObject({ outcome: 'done', caseId: attacker.payload.custom_details.case_id });
    const victimCase = (await stack.get(`/cases/${victim.payload.custom_details.case_id}`)).json as {
      case: { escalations: { acknowledgedAt?: string }[] };
    };
    expect(victimCase.case.escalations.every((e) => e.acknowledgedAt === undefined)).toBe(true);
    expect(title).not.toContain(`[${victim.dedup_key}]`);
  });
});
