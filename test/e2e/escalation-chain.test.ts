/**
 * The escalation chain end to end on the local stack, with waits of seconds: level 1 at the
 * deadline, level 2 when nobody acknowledges, and every way of stopping it (signed links, a
 * Slack button, a PagerDuty webhook, the brand's answer). Each test is its own case, and the
 * tests run side by side, so the file takes about as long as its slowest chain.
 */
import { createHmac } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { callbackMarker } from '../../functions/alerts/callback-marker.ts';
import { signLink } from '../../functions/alerts/links.ts';
import type { AuditEntry, Case } from '../../functions/domain/case.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { signInbound } from '../fixtures/build.ts';
import { pagerDutyWithTitle, slackBlockActions, slackForm } from '../integrations/derived.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  type Received,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

/**
 * The first response is due 5 s after the customer wrote; level 2 follows 10 s after level 1, so
 * what a test does between the two (follow a link, click, answer) has room on a loaded machine.
 */
const DEADLINE_MS = 5_000;
const LEVEL_2_WAIT_MS = 10_000;
/** Room for the timer queue, the alert queue and the HTTP delivery on a busy machine. */
const SLACK_MS = 8_000;
/** How long a test waits for a write it expects to see (a case, a delivery) before it fails. */
const WRITE_WAIT_MS = 20_000;

interface CaseView {
  readonly case: Case;
  readonly audit: readonly AuditEntry[];
}

let stack: TestStack;
let receiver: AlertReceiver;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  const config = writeEscalationConfig(receiver.url, { firstResponse: 'PT5S', resolution: 'PT10M' }, [
    { notify: ['pager'] },
    { notify: ['manager'], after: `PT${LEVEL_2_WAIT_MS / 1_000}S` },
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const chatMessage = (conversation: string, direction: 'inbound' | 'outbound', at: Date) =>
  JSON.stringify({
    type: 'message.created',
    timestamp: at.toISOString(),
    data: {
      conversationId: conversation,
      messageId: `${conversation}-${direction}`,
      direction,
      occurredAt: at.toISOString(),
      text: direction === 'inbound' ? 'my bag is lost and nobody answers' : 'So sorry, we are on it',
      customer: { email: `${conversation}@example.com`, name: `Customer ${conversation}` },
      ...(direction === 'outbound' && { agent: { id: 'agent-1' } }),
    },
  });

const postChat = async (conversation: string, direction: 'inbound' | 'outbound') => {
  const body = chatMessage(conversation, direction, new Date());
  const id = `msg_${conversation}_${direction}`;
  const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, id, new Date());
  const { status } = await stack.post('/webhooks/inbound/chat', body, headers);
  if (status >= 300) throw new Error(`inbound message for ${conversation} answered ${status}`);
};

/** A customer writes in a new conversation; the case's alerts are found by the customer's name. */
const customerWrites = async (conversation: string) => {
  const wroteAt = Date.now();
  await postChat(conversation, 'inbound');
  const alerts = () => receiver.received.filter((r) => r.data.customer.name === `Customer ${conversation}`);
  const nthAlert = async (n: number, timeoutMs = DEADLINE_MS + LEVEL_2_WAIT_MS + 2 * SLACK_MS) => {
    await until(() => alerts().length >= n, timeoutMs);
    const alert = alerts()[n - 1];
    if (!alert) throw new Error(`alert ${n} for ${conversation} did not arrive; got ${alerts().length}`);
    return alert;
  };
  return { wroteAt, alerts, nthAlert };
};

const viewOf = async (caseId: string): Promise<CaseView> => {
  const { status, json } = await stack.get(`/cases/${caseId}`);
  if (status !== 200) throw new Error(`GET /cases/${caseId} answered ${status}`);
  return json as CaseView;
};

const auditOf = async (caseId: string, type: string) => (await viewOf(caseId)).audit.filter((a) => a.type === type);

const eventsOf = (caseId: string, type: string) =>
  stack.bus.events.filter((e) => e.caseId === caseId && e.type === type);

/** The case a conversation opened, once the intake processor has stored it. */
const caseOf = async (conversation: string): Promise<Case> => {
  const deadline = Date.now() + WRITE_WAIT_MS;
  while (Date.now() < deadline) {
    const { json } = await stack.get('/cases?limit=100');
    const found = (json as { items: Case[] }).items.find((c) => c.customerName === `Customer ${conversation}`);
    if (found) return found;
    await sleep(200);
  }
  throw new Error(`no case for ${conversation} after ${WRITE_WAIT_MS} ms`);
};

/** The alert worker records a delivery on the case after the target accepted it: wait for that write. */
const deliveryRecorded = async (caseId: string) => {
  const deadline = Date.now() + WRITE_WAIT_MS;
  while (Date.now() < deadline) {
    const { case: stored } = await viewOf(caseId);
    if (stored.escalations?.some((e) => e.deliveries?.some((d) => d.state === 'delivered'))) return;
    await sleep(100);
  }
  throw new Error(`no delivery recorded on case ${caseId} after ${WRITE_WAIT_MS} ms`);
};

/** Waits until level 2 would have arrived had the chain gone on. */
const pastLevel2 = (level1: Received) => sleep(Math.max(0, level1.at + LEVEL_2_WAIT_MS + SLACK_MS - Date.now()));

/** Alert links only confirm on GET: open one and submit its POST form, as a browser would. */
const followLink = async (url: string): Promise<Response> => {
  const confirmation = await fetch(url);
  const html = await confirmation.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (confirmation.status !== 200 || !action) throw new Error(`${url} answered ${confirmation.status} without a form`);
  const fields = [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]);
  return fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields as [string, string][]),
  });
};

/** Slack's v0 signature, computed here independently of functions/integrations. */
const slackHeaders = (body: string, secret: string) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': `v0=${signature}`,
  };
};

const pagerDutyHeaders = (body: string, secret: string) => ({
  'x-pagerduty-signature': `v1=${createHmac('sha256', secret).update(body).digest('hex')}`,
  'x-webhook-id': 'e2e-webhook-1',
});

/** The same token with one hex digit of its HMAC changed. */
const tampered = (url: string): string => {
  const link = new URL(url);
  const token = link.searchParams.get('token') ?? '';
  link.searchParams.set(
    'token',
    token.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')),
  );
  return link.toString();
};

// Each test waits for up to two alerts and then past level 2: more than the 30 s default under load.
describe.concurrent('escalation chain on the local stack', { timeout: 90_000 }, () => {
  it('alerts level 1 at the deadline and level 2 after its wait while nobody acknowledges', async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('chain-unanswered');

    // Act
    const level1 = await customer.nthAlert(1);
    const level2 = await customer.nthAlert(2);

    // Assess: order, targets and spacing
    expect([level1.type, level1.path, level1.data.level]).toEqual(['sundown.case.breached', '/alerts', 1]);
    expect([level2.type, level2.path, level2.data.level]).toEqual(['sundown.case.escalated', '/alerts/manager', 2]);
    // Raised (the engine's clock) no earlier than the deadline and the wait, and received in that order.
    const raised = (alert: Received) => Date.parse(alert.timestamp);
    expect(Date.parse(level1.data.dueAt)).toBeGreaterThanOrEqual(customer.wroteAt + DEADLINE_MS - 1_000);
    expect(raised(level1)).toBeGreaterThanOrEqual(Date.parse(level1.data.dueAt));
    expect(raised(level2) - raised(level1)).toBeGreaterThanOrEqual(LEVEL_2_WAIT_MS);
    expect(level2.at).toBeGreaterThanOrEqual(raised(level1) + LEVEL_2_WAIT_MS);
    expect(level2.at - level1.at).toBeGreaterThanOrEqual(LEVEL_2_WAIT_MS - SLACK_MS / 2);
    const caseId = level1.data.caseId;
    expect(level2.data.caseId).toBe(caseId);
    // Assess: events and audit
    expect(eventsOf(caseId, 'SlaBreached')).toHaveLength(1);
    expect(eventsOf(caseId, 'CaseEscalated').map((e) => e.detail.level)).toEqual([1, 2]);
    expect((await auditOf(caseId, 'sla.breached')).map((a) => a.detail?.clock)).toEqual(['firstResponse']);
    const alerted = await auditOf(caseId, 'escalation.alerted');
    expect(alerted.map((a) => [a.detail?.level, a.detail?.targets])).toEqual([
      [1, ['pager']],
      [2, ['manager']],
    ]);
    // Two levels, no repeats: level 2 was the last anyone will be paged, and the case says so.
    expect((await auditOf(caseId, 'escalation.exhausted')).map((a) => a.detail?.level)).toEqual([2]);
    expect(receiver.rejected).toEqual([]);
  });

  it('stops the chain when level 1 acknowledges through the signed link in its alert', async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('chain-ack-link');
    const level1 = await customer.nthAlert(1);

    // Act
    const response = await followLink(level1.data.ackUrl);
    await pastLevel2(level1);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Acknowledged');
    expect(customer.alerts().map((a) => a.data.level)).toEqual([1]);
    const caseId = level1.data.caseId;
    const [acknowledged, ...more] = await auditOf(caseId, 'escalation.acknowledged');
    expect(more).toEqual([]);
    expect(acknowledged).toMatchObject({
      actor: 'link:alert link',
      detail: { via: 'link', escalations: [level1.data.escalationId] },
    });
    const { case: stored } = await viewOf(caseId);
    // Held, not ended: the chain resumes after the hold if the case is still unanswered then.
    expect(stored.escalations).toMatchObject([
      { level: 1, acknowledgedBy: 'alert link', heldUntil: expect.any(String) },
    ]);
    expect(stored.escalations?.[0]?.endedAt).toBeUndefined();
    expect(eventsOf(caseId, 'CaseAcknowledged')).toHaveLength(1);
    expect(eventsOf(caseId, 'CaseEscalated')).toHaveLength(1);
  });

  it('ends the escalation when the brand answers before level 2', async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('chain-answered');
    const level1 = await customer.nthAlert(1);

    // Act
    await postChat('chain-answered', 'outbound');
    await pastLevel2(level1);

    // Assess
    expect(customer.alerts().map((a) => a.data.level)).toEqual([1]);
    const ended = await auditOf(level1.data.caseId, 'escalation.ended');
    expect(ended.map((a) => a.detail)).toEqual([
      { escalation: level1.data.escalationId, reason: 'answered', level: 1, round: 0 },
    ]);
    expect(await auditOf(level1.data.caseId, 'escalation.acknowledged')).toEqual([]);
  });

  it('stops every clock and the chain when the resolve link is followed', async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('chain-resolve-link');
    const level1 = await customer.nthAlert(1);

    // Act
    const first = await followLink(level1.data.resolveUrl);
    const again = await fetch(level1.data.resolveUrl);
    await pastLevel2(level1);

    // Assess: the link's token is spent, so following it again only says so
    expect([first.status, again.status]).toEqual([200, 403]);
    expect(await first.text()).toContain('Resolved');
    expect(await again.text()).toContain('already been used');
    expect(customer.alerts().map((a) => a.data.level)).toEqual([1]);
    const { case: stored, audit } = await viewOf(level1.data.caseId);
    expect(stored.status).toBe('resolved');
    const clocks = Object.values(stored.sla?.clocks ?? {});
    expect(clocks.map((c) => c.name).sort()).toEqual(['firstResponse', 'resolution']);
    expect(clocks.every((c) => c.state === 'stopped')).toBe(true);
    expect(stored.escalations).toMatchObject([{ endReason: 'resolved' }]);
    expect(audit.filter((a) => a.type === 'case.resolved')).toHaveLength(1);
    expect(audit.filter((a) => a.type === 'escalation.ended').map((a) => a.detail?.reason)).toEqual(['resolved']);
    expect(eventsOf(level1.data.caseId, 'CaseResolved')).toHaveLength(1);
  });

  it("acknowledges from Slack's button, and refuses a click whose signature does not verify", async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('chain-slack');
    const level1 = await customer.nthAlert(1);
    const { caseId, escalationId } = level1.data;
    const click = slackBlockActions('sundown_ack', JSON.stringify({ caseId, escalationId }));
    // The sample's response_url is Slack's own; updating the message in place is tested on a local receiver.
    delete click.response_url;
    const body = slackForm(click);
    await deliveryRecorded(caseId);
    const before = (await viewOf(caseId)).case;

    // Act
    const forged = await stack.post('/integrations/slack/actions', body, slackHeaders(body, 'not-the-secret'));
    const afterForged = (await viewOf(caseId)).case;
    const clicked = await stack.post(
      '/integrations/slack/actions',
      body,
      slackHeaders(body, TEST_SECRETS.SLACK_SIGNING_SECRET),
    );
    await pastLevel2(level1);

    // Assess
    expect(forged.status).toBe(401);
    expect(afterForged.version).toBe(before.version);
    expect(clicked.status).toBe(200);
    expect(clicked.json).toMatchObject({ outcome: 'done', caseId, response_type: 'ephemeral' });
    expect(await auditOf(caseId, 'escalation.acknowledged')).toMatchObject([
      { actor: 'slack:jtorrance', detail: { via: 'slack', escalations: [escalationId] } },
    ]);
    expect(customer.alerts().map((a) => a.data.level)).toEqual([1]);
  });

  it('acknowledges from a signed PagerDuty incident.acknowledged webhook traced by its title', async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('chain-pagerduty');
    const level1 = await customer.nthAlert(1);
    const { caseId, dedupKey, escalationId } = level1.data;
    const marker = callbackMarker(TEST_SECRETS.LINK_SIGNING_SECRET, dedupKey);
    const title = `Acme Air chat: first response overdue by 0 min, Customer chain-pagerduty wrote "my bag is lost" ${marker}`;
    const body = JSON.stringify(pagerDutyWithTitle('pagerduty-webhook-v3-incident.acknowledged.captured.json', title));

    // Act
    const forged = await stack.post('/integrations/pagerduty', body, pagerDutyHeaders(body, 'not-the-secret'));
    const delivered = await stack.post(
      '/integrations/pagerduty',
      body,
      pagerDutyHeaders(body, TEST_SECRETS.PAGERDUTY_WEBHOOK_SECRET),
    );
    await pastLevel2(level1);

    // Assess
    expect(forged.status).toBe(401);
    expect(delivered.status).toBe(202);
    expect(delivered.json).toMatchObject({ outcome: 'done', caseId });
    expect(await auditOf(caseId, 'escalation.acknowledged')).toMatchObject([
      { actor: 'pagerduty:PIG 208', detail: { via: 'pagerduty', escalations: [escalationId] } },
    ]);
    expect(customer.alerts().map((a) => a.data.level)).toEqual([1]);
  });

  it('refuses expired and tampered links with 403 and changes nothing', async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('chain-bad-links');
    const level1 = await customer.nthAlert(1);
    const { caseId } = level1.data;
    await deliveryRecorded(caseId);
    const before = (await viewOf(caseId)).case;
    const expired = signLink({
      baseUrl: stack.url,
      caseId,
      action: 'ack',
      expiresAt: new Date(Date.now() - 60_000),
      secret: TEST_SECRETS.LINK_SIGNING_SECRET,
    });
    const ackTokenOnResolve = level1.data.ackUrl.replace('/ack?', '/resolve?');
    const ackTokenOnAnotherCase = level1.data.ackUrl.replace(caseId, '01JD3K6N4ZQ8W5T2X7V9B1C0FE');

    // Act
    const responses = await Promise.all(
      [expired, tampered(level1.data.ackUrl), tampered(level1.data.resolveUrl), ackTokenOnResolve].map(async (url) => {
        const response = await fetch(url);
        return { status: response.status, text: await response.text() };
      }),
    );
    const otherCase = await fetch(ackTokenOnAnotherCase);
    const after = (await viewOf(caseId)).case;
    const level2 = await customer.nthAlert(2);

    // Assess
    expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(responses[0]?.text).toContain('expired');
    expect(responses[1]?.text).toContain('mismatch');
    expect(otherCase.status).toBe(403);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe(before.status);
    expect(after.escalations).toEqual(before.escalations);
    // The chain goes on as if nobody had clicked.
    expect(level2.data.level).toBe(2);
  });

  it('fires a breach timer delivered twice only once: one alert, one audit entry', async ({ expect }) => {
    // Prepare: find the case and the breach timer the writer already handed to the queue
    const conversation = 'chain-timer-twice';
    const customer = await customerWrites(conversation);
    const found = await caseOf(conversation);
    const clock = found.sla?.clocks.firstResponse;
    if (!clock?.dueAt) throw new Error('the case has no running first-response clock');
    const timer: Timer = {
      caseId: found.id,
      key: `firstResponse:${clock.generation}:breach:${clock.dueAt}`,
      kind: 'breach',
      clock: 'firstResponse',
      generation: clock.generation,
      dueAt: clock.dueAt,
    };
    const send = (delaySeconds: number) =>
      stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.queues.timers.url,
          MessageBody: JSON.stringify(timer),
          DelaySeconds: delaySeconds,
        }),
      );

    // Act: one copy races the writer's at the deadline, one arrives after the breach fired
    await send(Math.max(0, Math.ceil((Date.parse(clock.dueAt) - Date.now()) / 1000)));
    const level1 = await customer.nthAlert(1);
    await send(0);
    await sleep(SLACK_MS);

    // Assess
    const breaches = customer.alerts().filter((a) => a.type === 'sundown.case.breached');
    expect(breaches).toHaveLength(1);
    expect(level1.data.caseId).toBe(found.id);
    expect(await auditOf(found.id, 'sla.breached')).toHaveLength(1);
    expect((await auditOf(found.id, 'escalation.alerted')).filter((a) => a.detail?.level === 1)).toHaveLength(1);
    expect(eventsOf(found.id, 'SlaBreached')).toHaveLength(1);
  });
});
