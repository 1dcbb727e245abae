/**
 * Acknowledgements reach the paging tools, on the local stack: an ack by signed link or Slack
 * button sends PagerDuty one Events v2 `acknowledge` for the breach's dedup_key, an ack that came
 * from PagerDuty sends none back, and a Slack click replaces the alert message via response_url.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { callbackMarker } from '../../functions/alerts/callback-marker.ts';
import { type Receiver, startReceiver } from '../alerts/receiver.ts';
import { signInbound } from '../fixtures/build.ts';
import { pagerDutyWithTitle, slackBlockActions, slackForm } from '../integrations/derived.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const ROUTING_KEY = 'test-pagerduty-routing-key';
/** Deadline (5 s) plus room for the timer queue, the alert queue and delivery on a busy machine. */
const BREACH_WAIT_MS = 20_000;
/** How long an acknowledge that should not come is waited for. */
const QUIET_MS = 4_000;

let stack: TestStack;
let receiver: AlertReceiver;
let slack: Receiver;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  slack = await startReceiver();
  const path = writeEscalationConfig(receiver.url, { firstResponse: 'PT5S', resolution: 'PT10M' }, [
    { notify: ['pager', 'pd'] },
    { notify: ['manager'], after: 'PT1M' },
  ]);
  const config = JSON.parse(readFileSync(path, 'utf8'));
  config.targets.pd = { type: 'pagerduty', routingKeySecret: 'TEST_PAGERDUTY_ROUTING_KEY', severity: 'error' };
  writeFileSync(path, JSON.stringify(config));
  stack = await startTestStack({
    configPath: path,
    sweepEveryMs: 5_000,
    env: {
      TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET,
      TEST_PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: receiver.pagerDutyUrl,
      SLACK_RESPONSE_URL_ORIGIN: slack.url(''),
    },
  });
});

afterAll(async () => {
  await stack?.stop();
  receiver?.server.close();
  await slack?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A customer writes in a new conversation and waits out the deadline; the level-1 webhook alert. */
const breachFor = async (conversation: string) => {
  const at = new Date().toISOString();
  const body = JSON.stringify({
    type: 'message.created',
    timestamp: at,
    data: {
      conversationId: conversation,
      messageId: `${conversation}-inbound`,
      direction: 'inbound',
      occurredAt: at,
      text: 'my bag is lost and nobody answers',
      customer: { email: `${conversation}@example.com`, name: `Customer ${conversation}` },
    },
  });
  const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${conversation}`, new Date());
  const { status } = await stack.post('/webhooks/inbound/chat', body, headers);
  if (status >= 300) throw new Error(`inbound message for ${conversation} answered ${status}`);
  const mine = () => receiver.received.find((r) => r.data.customer.name === `Customer ${conversation}`);
  await until(() => mine() !== undefined, BREACH_WAIT_MS);
  const alert = mine();
  if (!alert) throw new Error(`no breach alert for ${conversation}`);
  const events = (action: string) =>
    receiver.pagerDuty.filter((e) => e.dedup_key === alert.data.dedupKey && e.event_action === action);
  await until(() => events('trigger').length > 0, BREACH_WAIT_MS);
  return { alert, events };
};

/** Alert links only confirm on GET: open one and submit its POST form, as a browser would. */
const followLink = async (url: string): Promise<Response> => {
  const html = await (await fetch(url)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`${url} answered without a form`);
  const fields = [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]);
  return fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields as [string, string][]),
  });
};

const slackHeaders = (body: string) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', TEST_SECRETS.SLACK_SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': `v0=${signature}`,
  };
};

describe.concurrent('acknowledgements forwarded to the paging tools', () => {
  it('sends PagerDuty one acknowledge for the breach when the signed link acknowledges', async ({ expect }) => {
    // Prepare
    const { alert, events } = await breachFor('ack-forward-link');

    // Act
    const response = await followLink(alert.data.ackUrl);
    await until(() => events('acknowledge').length > 0, BREACH_WAIT_MS);
    await sleep(QUIET_MS);

    // Assess
    expect(response.status).toBe(200);
    expect(events('trigger')).toHaveLength(1);
    expect(events('acknowledge')).toEqual([
      { routing_key: ROUTING_KEY, event_action: 'acknowledge', dedup_key: alert.data.dedupKey },
    ]);
    expect(alert.data.dedupKey).toBe(
      `sundown:${alert.data.caseId}:firstResponse:${alert.data.escalationId.split(':')[1]}`,
    );
  });

  it('sends PagerDuty no acknowledge when the acknowledgement came from PagerDuty', async ({ expect }) => {
    // Prepare
    const { alert, events } = await breachFor('ack-forward-pagerduty');
    const title = `Acme Air chat: first response overdue ${callbackMarker(TEST_SECRETS.LINK_SIGNING_SECRET, alert.data.dedupKey)}`;
    const body = JSON.stringify(pagerDutyWithTitle('pagerduty-webhook-v3-incident.acknowledged.captured.json', title));
    const signature = createHmac('sha256', TEST_SECRETS.PAGERDUTY_WEBHOOK_SECRET).update(body).digest('hex');

    // Act
    const delivered = await stack.post('/integrations/pagerduty', body, { 'x-pagerduty-signature': `v1=${signature}` });
    await sleep(QUIET_MS);

    // Assess
    expect(delivered.status).toBe(202);
    expect(delivered.json).toMatchObject({ outcome: 'done', caseId: alert.data.caseId });
    expect(events('trigger')).toHaveLength(1);
    expect(events('acknowledge')).toEqual([]);
  });

  it('replaces the Slack alert through response_url and acknowledges in PagerDuty on a button click', async ({
    expect,
  }) => {
    // Prepare
    const { alert, events } = await breachFor('ack-forward-slack');
    const { caseId, escalationId } = alert.data;
    const payload = slackBlockActions('sundown_ack', JSON.stringify({ caseId, escalationId }));
    payload.response_url = slack.url(`/actions/${caseId}`);
    const body = slackForm(payload);

    // Act
    const started = Date.now();
    const clicked = await stack.post('/integrations/slack/actions', body, slackHeaders(body));
    const answeredInMs = Date.now() - started;
    await until(() => events('acknowledge').length > 0, BREACH_WAIT_MS);

    // Assess
    expect(clicked.status).toBe(200);
    expect(answeredInMs).toBeLessThan(3_000);
    const updates = slack.received.filter((r) => r.path === `/actions/${caseId}`);
    expect(updates).toHaveLength(1);
    const update = JSON.parse(updates[0]?.body ?? '{}');
    expect(update).toMatchObject({ replace_original: true });
    expect(update.text).toMatch(/^Acknowledged by jtorrance at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: case /);
    const button = update.blocks.at(-1).elements[0];
    expect(button.url).toMatch(new RegExp(`^${stack.url}/cases/${caseId}/view\\?token=`));
    expect((await fetch(button.url)).status).toBe(200);
    expect(events('acknowledge').map((e) => e.dedup_key)).toEqual([alert.data.dedupKey]);
  });
});
