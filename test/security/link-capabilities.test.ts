/**
 * A signed link carries what it allows: an e-mailed acknowledge link leads, through its
 * confirmation page and the case page it links to, to nothing but acknowledging; only an alert's
 * case page link lifts a suppressed case's suppression; every action token works once; and
 * revoking a case's links (`sundown cases revoke-links`) stops them all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinkAction, signLink } from '../../functions/alerts/links.ts';
import type { AuditEntry, Case } from '../../functions/domain/case.ts';
import { writeLocalState } from '../../local/state-file.ts';
import { sundown } from '../cli/support.ts';
import { signInbound } from '../fixtures/build.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

/** A department of the repository's sundown.config.json, which the test stack runs with. */
const DEPARTMENT = 'billing';

let stack: TestStack;
let stateFile: string;

beforeAll(async () => {
  stack = await startTestStack();
  stateFile = join(mkdtempSync(join(tmpdir(), 'sundown-links-')), 'local.json');
  const { url, tableName, dynamoEndpoint, sqsEndpoint, queues } = stack;
  writeLocalState(stateFile, {
    ...{ url, tableName, dynamoEndpoint, sqsEndpoint, queues },
    startedAt: new Date().toISOString(),
    pid: process.pid,
  });
});
afterAll(async () => {
  await stack?.stop();
});

/** A customer writes; the case it opened. */
const caseFor = async (conversation: string, text = 'where is my refund'): Promise<Case> => {
  const at = new Date().toISOString();
  const body = JSON.stringify({
    type: 'message.created',
    timestamp: at,
    data: {
      conversationId: conversation,
      messageId: `${conversation}-1`,
      text,
      customer: { email: `${conversation}@example.com`, name: conversation },
    },
  });
  const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${conversation}`, new Date());
  expect((await stack.post('/webhooks/inbound/chat', body, headers)).status).toBe(200);
  await stack.drained();
  const { items } = (await stack.get('/cases?limit=100')).json as { items: Case[] };
  const found = items.find((c) => c.customerName === conversation);
  if (!found) throw new Error(`no case for ${conversation}`);
  return found;
};

/** A link as an alert carries it (epoch as given: 0 until the case's links are revoked). */
const link = (caseId: string, action: LinkAction, epoch = 0) =>
  signLink({
    baseUrl: stack.url,
    caseId,
    action,
    epoch,
    expiresAt: new Date(Date.now() + 600_000),
    secret: TEST_SECRETS.LINK_SIGNING_SECRET,
  });

const html = async (url: string) => {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, text: await response.text(), location: response.headers.get('location') };
};

/** A form as the page would send it; a hand-off names a configured department, so only the token decides. */
const post = (caseId: string, action: string, token: string) =>
  fetch(`${stack.url}/cases/${caseId}/actions/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, ...(action === 'handoff' && { department: DEPARTMENT }) }),
    redirect: 'manual',
  });

const tokensIn = (page: string): string[] =>
  [...page.matchAll(/(?:name="token" value="|\?token=)([\w.-]+)/g)].map((m) => m[1] ?? '');
const auditOf = async (caseId: string) =>
  ((await stack.get(`/cases/${caseId}`)).json as { audit: AuditEntry[] }).audit.map((a) => a.type);

describe('links carry the actions they allow', () => {
  it('lets an acknowledge link lead to no resolve or hand-off token, on any page it opens', async () => {
    // Prepare
    const { id } = await caseFor('links-ack-only');

    // Act: the confirmation page, then the case page it links to
    const confirmation = await html(link(id, 'ack'));
    const viewUrl = /href="([^"]+\/view\?token=[^"]+)"/.exec(confirmation.text)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const page = await html(viewUrl);
    const offered = [...tokensIn(confirmation.text), ...tokensIn(page.text)];
    const tried = await Promise.all(
      offered.flatMap((token) => [post(id, 'resolve', token), post(id, 'handoff', token)]),
    );

    // Assess
    expect([confirmation.status, page.status]).toEqual([200, 200]);
    expect(page.text).toContain('>Acknowledge</button>');
    expect(page.text).not.toContain('>Resolve</button>');
    expect(page.text).not.toContain('Hand off to a department');
    expect(page.text).toContain('This link (sent with an alert) lets you view this case and acknowledge.');
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expect(tried.map((r) => r.status).every((s) => s === 403)).toBe(true);
    expect(await auditOf(id)).not.toContain('case.resolved');
  });

  it('shows every button on the case page link of an alert', async () => {
    const { id } = await caseFor('links-full');

    const page = await html(link(id, 'view'));

    expect(page.text).toContain('>Acknowledge</button>');
    expect(page.text).toContain('>Resolve</button>');
    expect(page.text).toContain('Hand off to a department');
    expect(page.text).not.toContain('Lift suppression');
  });
});

/** The repository's config suppresses this as spam. */
const SPAM = 'crypto giveaway for everyone';
const liftTokenIn = (page: string): string =>
  /name="token" value="([\w.-]+)" formaction="[^"]+\/actions\/unsuppress"/.exec(page)?.[1] ?? '';
const follow = (location: string | null) => html(new URL(location ?? '', stack.url).toString());

describe('lifting suppression from the case page', () => {
  it('offers it on an alert’s case page link of a suppressed case, lifts it once, and says so after the redirect', async () => {
    // Prepare
    const { id, suppressed } = await caseFor('links-lift', SPAM);
    const page = await html(link(id, 'view'));
    const token = liftTokenIn(page.text);

    // Act
    const lifted = await post(id, 'unsuppress', token);
    const after = await follow(lifted.headers.get('location'));
    const reused = await post(id, 'unsuppress', token);

    // Assess
    expect(suppressed?.reason).toBeDefined();
    expect(page.text).toContain('>Lift suppression</button>');
    expect(page.text).toContain('lets you view this case and acknowledge, resolve, hand off, lift its suppression.');
    expect(lifted.status).toBe(303);
    expect(lifted.headers.get('location')).toContain('done=unsuppress-done');
    expect(after.text).toContain('Suppression lifted: alerts held back for this case are sent now');
    expect(after.text).not.toContain('>Lift suppression</button>');
    expect(after.text).not.toContain('<b>Suppressed:</b>');
    expect(reused.status).toBe(403);
    const audit = ((await stack.get(`/cases/${id}`)).json as { audit: AuditEntry[] }).audit;
    expect(audit.filter((a) => a.type === 'case.unsuppressed').map((a) => a.detail)).toEqual([
      { via: 'page', reason: 'lifted on the case page', by: 'case page', was: suppressed?.reason },
    ]);
  });

  it('tells whoever lifts an unsuppressed case that there was nothing to lift', async () => {
    // Prepare
    const { id } = await caseFor('links-lift-civil');
    const token = new URL(link(id, 'unsuppress')).searchParams.get('token') ?? '';

    // Act
    const answer = await post(id, 'unsuppress', token);
    const after = await follow(answer.headers.get('location'));

    // Assess
    expect(answer.status).toBe(303);
    expect(after.text).toContain('Nothing to lift: this case is not suppressed.');
    expect(await auditOf(id)).not.toContain('case.unsuppressed');
  });

  it('is neither offered nor accepted on a page opened from an acknowledge link', async () => {
    // Prepare
    const { id } = await caseFor('links-lift-ack-only', SPAM);
    const confirmation = await html(link(id, 'ack'));
    const viewUrl = /href="([^"]+\/view\?token=[^"]+)"/.exec(confirmation.text)?.[1]?.replaceAll('&amp;', '&') ?? '';

    // Act
    const page = await html(viewUrl);
    const tried = await Promise.all(
      [...tokensIn(confirmation.text), ...tokensIn(page.text)].map((t) => post(id, 'unsuppress', t)),
    );

    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain('<b>Suppressed:</b>');
    expect(page.text).not.toContain('Lift suppression');
    expect(tried.length).toBeGreaterThanOrEqual(2);
    expect(tried.map((r) => r.status).every((s) => s === 403)).toBe(true);
    expect(await auditOf(id)).not.toContain('case.unsuppressed');
  });

  it('refuses a token signed for another action or another case', async () => {
    // Prepare
    const { id } = await caseFor('links-lift-target', SPAM);
    const other = await caseFor('links-lift-other', SPAM);
    const page = await html(link(id, 'view'));
    const resolveToken = /name="token" value="([\w.-]+)" formaction="[^"]+\/actions\/resolve"/.exec(page.text)?.[1];
    const otherCaseToken = liftTokenIn((await html(link(other.id, 'view'))).text);

    // Act
    const answers = await Promise.all([
      post(id, 'unsuppress', resolveToken ?? ''),
      post(id, 'unsuppress', otherCaseToken),
      post(id, 'unsuppress', 'not-a-token'),
    ]);

    // Assess
    expect(resolveToken).toBeDefined();
    expect(otherCaseToken).not.toBe('');
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(await auditOf(id)).not.toContain('case.unsuppressed');
    expect(await auditOf(other.id)).not.toContain('case.unsuppressed');
  });
});

describe('action tokens are single-use', () => {
  it('acts on the first POST of a token and refuses the same token afterwards, even when raced', async () => {
    // Prepare
    const { id } = await caseFor('links-once');
    const token = new URL(link(id, 'ack')).searchParams.get('token') ?? '';

    // Act
    const raced = await Promise.all([post(id, 'ack', token), post(id, 'ack', token), post(id, 'ack', token)]);
    const confirmation = await html(link(id, 'ack').replace(/token=.*$/, `token=${token}`));

    // Assess
    expect(raced.map((r) => r.status).sort()).toEqual([303, 403, 403]);
    expect(confirmation.status).toBe(403);
    expect(confirmation.text).toContain('already been used');
  });
});

describe('a form the page must refuse', () => {
  it('does not spend the token: the corrected form goes through with it', async () => {
    // Prepare
    const { id } = await caseFor('links-form-mistake');
    const token = new URL(link(id, 'handoff')).searchParams.get('token') ?? '';
    const submit = (department: string) =>
      fetch(`${stack.url}/cases/${id}/actions/handoff`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, department }),
        redirect: 'manual',
      });

    // Act
    const mistaken = await submit('catering');
    const corrected = await submit(DEPARTMENT);

    // Assess
    expect([mistaken.status, corrected.status]).toEqual([400, 303]);
  });
});

describe('revoking a case’s links', () => {
  it('stops every link signed before, audits it, and leaves links signed after working', async () => {
    // Prepare
    const { id } = await caseFor('links-revoked');
    const before = ['view', 'ack', 'resolve'].map((action) => link(id, action as LinkAction));
    const beforeStatuses = await Promise.all(before.map(async (url) => (await html(url)).status));

    // Act
    const revoked = await sundown(['cases', 'revoke-links', id, '--state', stateFile]);
    const after = await Promise.all(before.map((url) => html(url)));
    const fresh = await html(link(id, 'view', 1));

    // Assess
    expect(revoked.code).toBe(0);
    expect(beforeStatuses).toEqual([200, 200, 200]);
    expect(after.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(after[0]?.text).toContain('revoked');
    expect(fresh.status).toBe(200);
    expect(await auditOf(id)).toContain('case.links_revoked');
  });

  it('names an unknown case', async () => {
    const revoked = await sundown(['cases', 'revoke-links', 'no-such-case', '--state', stateFile]);

    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('no case no-such-case');
  });
});
