/**
 * The case page and the local dashboard in a real headless Chromium, against the real local
 * stack: an alert's link opens the page, the transcript is there, Acknowledge works, and the
 * dashboard shows cases arrive and escalate without a reload.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../functions/alerts/links.ts';
import type { AuditEntry, Case } from '../../functions/domain/case.ts';
import { signInbound } from '../fixtures/build.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  type Received,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { HAVE_CHROMIUM, launchChromium } from '../support/chromium.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const PHONE = { width: 390, height: 844 };
const CONFIG_SECTIONS = [
  'brand',
  'accounts',
  'inboundSources',
  'cases',
  'intake',
  'calendars',
  'sla',
  'escalationChains',
  'targets',
  'alerts',
];
/** First response due 3 s after the customer writes; time for the sweeper, timer and alert queues. */
const ALERT_WITHIN_MS = 20_000;

let stack: TestStack;
let receiver: AlertReceiver;
let browser: Browser;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  const configPath = writeEscalationConfig(receiver.url, { firstResponse: 'PT3S', resolution: 'PT1H' }, [
    { notify: ['pager'] },
    { notify: ['manager'], after: 'PT1H' },
  ]);
  // Only what the page needs: other sections of the example config name targets this one lacks.
  const config = Object.fromEntries(
    Object.entries(JSON.parse(readFileSync(configPath, 'utf8'))).filter(([key]) => CONFIG_SECTIONS.includes(key)),
  );
  config.departments = { baggage: { description: 'Lost and delayed bags', notify: ['manager'] } };
  writeFileSync(configPath, JSON.stringify(config));
  stack = await startTestStack({ configPath, sweepEveryMs: 5_000, env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET } });
  if (!HAVE_CHROMIUM) return;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  receiver?.server.close();
});

const customerWrites = async (conversation: string, text: string) => {
  const at = new Date();
  const body = JSON.stringify({
    type: 'message.created',
    timestamp: at.toISOString(),
    data: {
      conversationId: conversation,
      messageId: `${conversation}-1`,
      direction: 'inbound',
      occurredAt: at.toISOString(),
      text,
      customer: { email: `${conversation}@example.com`, name: `Customer ${conversation}` },
    },
  });
  const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${conversation}`, at);
  const { status } = await stack.post('/webhooks/inbound/chat', body, headers);
  if (status >= 300) throw new Error(`inbound message for ${conversation} answered ${status}`);
};

const firstAlertFor = async (conversation: string): Promise<Received & { data: { caseUrl: string } }> => {
  const mine = () => receiver.received.find((r) => r.data.customer.name === `Customer ${conversation}`);
  await until(() => mine() !== undefined, ALERT_WITHIN_MS);
  const alert = mine();
  if (!alert) throw new Error(`no alert for ${conversation} within ${ALERT_WITHIN_MS} ms`);
  return alert as Received & { data: { caseUrl: string } };
};

const acknowledgements = async (caseId: string): Promise<AuditEntry[]> => {
  const { json } = await stack.get(`/cases/${caseId}`);
  return (json as { audit: AuditEntry[] }).audit.filter((a) => a.type === 'escalation.acknowledged');
};

describe.skipIf(!HAVE_CHROMIUM)('case page in Chromium', () => {
  it('opens from the alert, shows the transcript, and acknowledges with one tap', { timeout: 60_000 }, async () => {
    // Prepare
    await customerWrites('browser-ack', 'My bag never arrived in Lisbon and nobody answers');
    const alert = await firstAlertFor('browser-ack');
    const { caseId } = alert.data;
    // A mail client's link scanner follows the alert's links: that must change nothing.
    const scanned = await fetch(alert.data.ackUrl);
    const page = await browser.newPage({ viewport: PHONE });

    // Act
    await page.goto(alert.data.caseUrl);
    const transcriptVisible = await page.locator('.transcript').getByText('My bag never arrived in Lisbon').isVisible();
    await page.screenshot({ path: '/tmp/case-page.png', fullPage: true });
    await page.locator('form.actions').getByLabel('Your name').fill('Sam');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForURL(/done=ack-done/);

    // Assess
    expect(scanned.status).toBe(200);
    expect(transcriptVisible).toBe(true);
    expect(await page.getByRole('status').textContent()).toContain('Acknowledged');
    expect(await page.getByText('acknowledged by Sam').count()).toBe(1);
    const [acknowledged, ...more] = await acknowledgements(caseId);
    expect(more).toEqual([]);
    expect(acknowledged).toMatchObject({
      actor: 'page:Sam',
      detail: { via: 'page', escalations: [alert.data.escalationId] },
    });
    await page.close();
  });

  it('refuses a form whose token was signed for another action, with a page saying so', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    await customerWrites('browser-forged', 'Where is my refund?');
    const alert = await firstAlertFor('browser-forged');
    const ackToken = new URL(alert.data.ackUrl).searchParams.get('token') ?? '';

    // Act
    const response = await fetch(`${stack.url}/cases/${alert.data.caseId}/actions/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ackToken }),
    });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('token mismatch');
    const { json } = await stack.get(`/cases/${alert.data.caseId}`);
    expect((json as { case: Case }).case.status).not.toBe('resolved');
  });
  it('hands the case off to a department from the page, which then lists the hand-off', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    await customerWrites('browser-handoff', 'My wheelchair was damaged on the flight');
    const alert = await firstAlertFor('browser-handoff');
    const page = await browser.newPage({ viewport: PHONE });
    await page.goto(alert.data.caseUrl);

    // Act
    await page.getByText('Hand off to a department').click();
    await page.getByLabel('Department').selectOption('baggage');
    await page.getByLabel('Note for them').fill('Damaged wheelchair, flight AC123');
    await page.getByRole('button', { name: 'Hand off' }).click();
    await page.waitForURL(/done=handoff-done/);

    // Assess
    expect(await page.getByRole('status').textContent()).toContain('Handed off');
    expect(await page.getByText('Hand-off to baggage: Damaged wheelchair, flight AC123').count()).toBe(1);
    const { json } = await stack.get(`/cases/${alert.data.caseId}`);
    const { case: stored, audit } = json as { case: Case; audit: AuditEntry[] };
    expect(stored.followUps).toMatchObject([{ kind: 'handoff', department: 'baggage', status: 'open' }]);
    expect(audit.filter((a) => a.type === 'case.handed_off').map((a) => a.actor)).toEqual(['page:case page']);
    await page.close();
  });
});

describe.skipIf(!HAVE_CHROMIUM)('local dashboard in Chromium', () => {
  it('shows new cases without a reload, closest to breaching first, and their escalation', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${stack.url}/`);
    const row = (conversation: string) => page.locator('#cases tr', { hasText: `Customer ${conversation}` });

    // Act
    await customerWrites('dash-first', 'First to write');
    await row('dash-first').waitFor({ timeout: 10_000 });
    await customerWrites('dash-second', 'Second to write');
    await row('dash-second').waitFor({ timeout: 10_000 });
    await firstAlertFor('dash-second');
    await expect
      .poll(() => row('dash-second').textContent(), { timeout: 10_000, interval: 500 })
      .toMatch(/overdue by .*level 1/);

    // Assess
    const customers = await page.locator('#cases tr td:nth-child(2) a').allTextContents();
    expect(customers.indexOf('Customer dash-first')).toBeLessThan(customers.indexOf('Customer dash-second'));
    await row('dash-second').getByRole('link').click();
    expect(await page.getByText('Second to write').first().isVisible()).toBe(true);
    await page.close();
  });

  it('finds a customer by e-mail with the filter form and keeps the list filtered as it refreshes', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    await customerWrites('find-me', 'Where is my refund?');
    await customerWrites('find-other', 'Someone else');
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${stack.url}/`);
    const rows = page.locator('#cases tr');
    await rows.filter({ hasText: 'Customer find-other' }).waitFor({ timeout: 10_000 });

    // Act
    await page.getByPlaceholder('@handle, e-mail or phone').fill('FIND-ME@example.com');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/search=FIND-ME/);
    // Past one refresh: the inline script fetches the JSON with the same filter.
    await page.waitForTimeout(2_500);

    // Assess
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('Customer find-me')]);
    expect(await page.getByPlaceholder('@handle, e-mail or phone').inputValue()).toBe('FIND-ME@example.com');
    await page.close();
  });
});

describe('case page forms', () => {
  const caseOf = async (conversation: string): Promise<Case> => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const { json } = await stack.get('/cases?limit=100');
      const found = (json as { items: Case[] }).items.find((c) => c.customerName === `Customer ${conversation}`);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no case for ${conversation} after 10 s`);
  };
  const submit = (
    caseId: string,
    action: string,
    fields: Record<string, string>,
    type = 'application/x-www-form-urlencoded',
  ) =>
    fetch(`${stack.url}/cases/${caseId}/actions/${action}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });

  it('answers a mistaken form with a 4xx page naming the field or header at fault', async () => {
    // Prepare
    await customerWrites('forms-mistakes', 'Still waiting for my refund');
    const { id } = await caseOf('forms-mistakes');
    const token = (action: 'ack' | 'handoff') =>
      signToken({
        caseId: id,
        action,
        expiresAt: new Date(Date.now() + 600_000),
        secret: TEST_SECRETS.LINK_SIGNING_SECRET,
      });

    // Act
    const answers = await Promise.all([
      submit(id, 'ack', {}),
      submit(id, 'handoff', { token: token('handoff'), department: 'catering' }),
      submit(id, 'handoff', { token: token('handoff') }),
      submit(id, 'ack', { token: token('ack') }, 'application/json'),
      submit(id, 'delete', { token: token('ack') }),
    ]);
    const pages = await Promise.all(answers.map(async (a) => ({ status: a.status, text: await a.text() })));

    // Assess
    expect(pages.map((p) => p.status)).toEqual([400, 400, 400, 415, 404]);
    expect(pages[0]?.text).toContain('The form field token is required.');
    expect(pages[1]?.text).toContain(
      'Form field department: no department &quot;catering&quot;; expected one of baggage.',
    );
    expect(pages[2]?.text).toContain('Form field department is required.');
    expect(pages[3]?.text).toContain('Header content-type must be application/x-www-form-urlencoded.');
    expect(pages[4]?.text).toContain('Path segment action must be one of ack, resolve, handoff, unsuppress.');
    expect(answers.every((a) => a.headers.get('content-type')?.startsWith('text/html'))).toBe(true);
  });

  it('acts once and sends the browser back to the case page, which says what happened', async () => {
    // Prepare
    await customerWrites('forms-resolve', 'Please close this, it arrived');
    const { id } = await caseOf('forms-resolve');
    const token = signToken({
      caseId: id,
      action: 'resolve',
      expiresAt: new Date(Date.now() + 600_000),
      secret: TEST_SECRETS.LINK_SIGNING_SECRET,
    });

    // Act
    const first = await submit(id, 'resolve', { token, name: 'Kim' });
    const again = await submit(id, 'resolve', { token });
    const page = await fetch(first.headers.get('location') ?? '');
    const oddNotice = await fetch((first.headers.get('location') ?? '').replace(/done=.*$/, 'done=constructor'));

    // Assess
    expect([first.status, again.status]).toEqual([303, 403]);
    expect(first.headers.get('location')).toMatch(
      new RegExp(`^${stack.url}/cases/${id}/view\\?token=[\\w.-]+&done=resolve-done$`),
    );
    expect(await again.text()).toContain('This link has already been used');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Resolved: every clock and escalation has stopped.');
    expect(oddNotice.status).toBe(200);
    expect(await oddNotice.text()).not.toContain('role="status"');
    const { json } = await stack.get(`/cases/${id}`);
    const { case: stored, audit } = json as { case: Case; audit: AuditEntry[] };
    expect(stored.status).toBe('resolved');
    expect(audit.filter((a) => a.type === 'case.resolved').map((a) => a.actor)).toEqual(['page:Kim']);
  });
});
