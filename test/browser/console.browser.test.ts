/**
 * The team console in a real headless Chromium against the local stack: an agent signs in through
 * the local issuer's sign-in page (authorization code + PKCE, as with Cognito's hosted sign-in),
 * finds an X customer's case by their handle, takes it and acknowledges its escalation; only an
 * admin is offered to lift a suppression (the API refuses anyone else with a 403).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/case.ts';
import { signMeta, signX } from '../fixtures/build.ts';
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
/** The WhatsApp sample's sender (`from`). */
const SUPPRESSED_AUTHOR = '16505551234';

let stack: TestStack;
let receiver: AlertReceiver;
let browser: Browser;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  const configPath = writeEscalationConfig(receiver.url, { firstResponse: 'PT3S', resolution: 'PT1H' }, [
    { notify: ['pager'] },
    { notify: ['manager'], after: 'PT1H' },
  ]);
  // The WhatsApp sample's sender is on the suppression list, so their case opens suppressed.
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  writeFileSync(configPath, JSON.stringify({ ...config, suppression: { authors: [SUPPRESSED_AUTHOR] } }));
  stack = await startTestStack({ configPath, sweepEveryMs: 5_000, env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET } });
  if (!HAVE_CHROMIUM) return;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  receiver?.server.close();
});

/** Signs in through the local issuer's page as `user` and waits for the work list. */
const signIn = async (user: { readonly email: string; readonly password: string }): Promise<Page> => {
  const page = await browser.newPage();
  await page.goto(`${stack.url}/console`);
  await page.click('#sign-in');
  await page.fill('input[name=username]', user.email);
  await page.fill('input[name=password]', user.password);
  await page.click('form button');
  await page.waitForSelector('#work:not([hidden])');
  return page;
};

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

  it('offers to lift a suppression to admins only, and tells an agent who can', { timeout: 90_000 }, async () => {
    // Prepare: the suppressed sender's WhatsApp message opens a suppressed case.
    const message = minified('whatsapp-message-text.json');
    const posted = await stack.post('/webhooks/meta', message, signMeta(message, TEST_SECRETS.META_APP_SECRET));
    expect(posted.status).toBe(200);
    await stack.drained();
    const agent = stack.signIn.users.find((u) => !u.groups.includes('admins'));
    const admin = stack.signIn.users.find((u) => u.groups.includes('admins'));
    if (!agent || !admin) throw new Error('the local issuer needs an agent and an admin');
    const suppressedCard = (page: Page) => page.locator('#cases li', { hasText: 'Does it come in another color?' });

    // Act: the agent looks, then the admin lifts the suppression.
    const agentPage = await signIn(agent);
    await suppressedCard(agentPage).waitFor();
    const agentTags = await suppressedCard(agentPage).locator('.tag').allTextContents();
    const agentLiftButtons = await suppressedCard(agentPage).getByRole('button', { name: 'Lift suppression' }).count();
    const agentNote = await suppressedCard(agentPage).locator('.actions small').textContent();
    await agentPage.close();
    const adminPage = await signIn(admin);
    const caseId = (await suppressedCard(adminPage).getAttribute('data-case')) ?? '';
    await suppressedCard(adminPage).getByRole('button', { name: 'Lift suppression' }).click();
    await adminPage.locator('#message', { hasText: 'unsuppress: done' }).waitFor();
    // The list reloads after the action: the button goes with the suppression.
    await suppressedCard(adminPage).getByRole('button', { name: 'Lift suppression' }).waitFor({ state: 'detached' });
    const adminTagsAfter = await suppressedCard(adminPage).locator('.tag').allTextContents();
    await adminPage.close();

    // Assess
    expect(agentTags).toContain('suppressed');
    expect(agentLiftButtons).toBe(0);
    expect(agentNote).toBe('suppressed: an admin can lift it');
    expect(adminTagsAfter).not.toContain('suppressed');
    const audit = await auditOf(caseId);
    expect(audit.find((a) => a.type === 'case.unsuppressed')?.actor).toBe(`console:${admin.email}`);
  });

  it('keeps the sign-in token out of the address bar and the code out of history', { timeout: 60_000 }, async () => {
    const [agent] = stack.signIn.users;
    if (!agent) throw new Error('the local issuer has no users');
    const page = await signIn(agent);

    const url = page.url();
    const stored = await page.evaluate(() => Object.keys(sessionStorage));

    expect(url).not.toContain('code=');
    expect(url).not.toContain('token');
    expect(stored).toEqual(['token']);
    await page.close();
  });
});
