/**
 * The team console in a real headless Chromium against the local stack: an agent signs in through
 * the local issuer's sign-in page (authorization code + PKCE, as with Cognito's hosted sign-in),
 * finds an X customer's case by their handle, takes it and acknowledges its escalation.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/case.ts';
import { signX } from '../fixtures/build.ts';
import { minified } from '../fixtures/samples.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { HAVE_CHROMIUM, launchChromium } from '../support/chromium.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

/** The sample DM's sender, as X names them. */
const HANDLE = 'furiouscamper';

let stack: TestStack;
let receiver: AlertReceiver;
let browser: Browser;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  const configPath = writeEscalationConfig(receiver.url, { firstResponse: 'PT3S', resolution: 'PT1H' }, [
    { notify: ['pager'] },
    { notify: ['manager'], after: 'PT1H' },
  ]);
  stack = await startTestStack({ configPath, sweepEveryMs: 5_000, env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET } });
  if (!HAVE_CHROMIUM) return;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  receiver?.server.close();
});

const auditOf = async (caseId: string): Promise<AuditEntry[]> =>
  ((await stack.get(`/cases/${caseId}`)).json as { audit: AuditEntry[] }).audit;

describe.skipIf(!HAVE_CHROMIUM)('team console in Chromium', () => {
  it('signs in, finds a case by the customer’s handle, assigns it and acknowledges it', {
    timeout: 90_000,
  }, async () => {
    // Prepare: an X DM opens a case whose first response is due in 3 s, so its escalation starts.
    const dm = minified('x-aaa-direct_message_events.json');
    const posted = await stack.post('/webhooks/x', dm, signX(dm, TEST_SECRETS.X_CONSUMER_SECRET));
    expect(posted.status).toBe(200);
    await until(() => receiver.received.length > 0, 30_000);
    expect(receiver.received.length).toBeGreaterThan(0);
    const agent = stack.signIn.users.find((u) => !u.groups.includes('admins'));
    if (!agent) throw new Error('the local issuer has no agent');
    const page = await browser.newPage();

    // Act: sign in through the issuer's own page.
    await page.goto(`${stack.url}/console`);
    await page.click('#sign-in');
    await page.waitForURL(`${stack.signIn.issuer}/oauth2/authorize?**`);
    await page.fill('input[name=username]', agent.email);
    await page.fill('input[name=password]', agent.password);
    await page.click('form button');
    await page.waitForSelector('#work:not([hidden])');
    const signedInAs = await page.textContent('#who');
    const urlAfterSignIn = page.url();
    // Find the customer by handle, take the case, acknowledge its escalation.
    await page.fill('input[name=search]', `@${HANDLE}`);
    await page.click('#filters button');
    const card = page.locator('#cases li', { hasText: HANDLE });
    await card.waitFor();
    const listed = await page.locator('#cases li').count();
    const caseId = (await card.getAttribute('data-case')) ?? '';
    await card.getByRole('button', { name: 'Assign to me' }).click();
    await page.locator('#cases li .assignee', { hasText: agent.email }).waitFor();
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('#message', { hasText: 'acknowledge: done' }).waitFor();

    // Assess
    expect(signedInAs).toBe(agent.email);
    expect(urlAfterSignIn).toBe(`${stack.url}/console`);
    expect(listed).toBe(1);
    const audit = await auditOf(caseId);
    const assigned = audit.find((a) => a.type === 'case.assigned');
    expect(assigned).toMatchObject({ actor: `console:${agent.email}`, detail: { to: agent.email, from: null } });
    expect(audit.find((a) => a.type === 'escalation.acknowledged')?.actor).toBe(`console:${agent.email}`);
    await page.close();
  });

  it('keeps the sign-in token out of the address bar and the code out of history', { timeout: 60_000 }, async () => {
    const [agent] = stack.signIn.users;
    if (!agent) throw new Error('the local issuer has no users');
    const page = await browser.newPage();
    await page.goto(`${stack.url}/console`);
    await page.click('#sign-in');
    await page.fill('input[name=username]', agent.email);
    await page.fill('input[name=password]', agent.password);
    await page.click('form button');
    await page.waitForSelector('#work:not([hidden])');

    const url = page.url();
    const stored = await page.evaluate(() => Object.keys(sessionStorage));

    expect(url).not.toContain('code=');
    expect(url).not.toContain('token');
    expect(stored).toEqual(['token']);
    await page.close();
  });
});
