/**
 * Only http(s) URLs enter and leave Sundown; every HTML page forbids what it does not use; the
 * CLI prints data without the escape sequences that would drive the operator's terminal.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../../functions/alerts/links.ts';
import { emailMessage, emailNoticeMessage } from '../../functions/alerts/targets/email/format.ts';
import { pagerDutyNoticeTrigger, pagerDutyTrigger } from '../../functions/alerts/targets/pagerduty/format.ts';
import { slackMessage, slackNoticeMessage } from '../../functions/alerts/targets/slack/format.ts';
import { webhookEvent } from '../../functions/alerts/targets/webhook/format.ts';
import type { Case } from '../../functions/domain/case.ts';
import type { Notice } from '../../functions/domain/queue-messages.ts';
import { writeLocalState } from '../../local/state-file.ts';
import { anAlert } from '../alerts/fixtures.ts';
import { sundown } from '../cli/support.ts';
import { signInbound } from '../fixtures/build.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const HOSTILE_URLS = [
  'javascript:alert(document.domain)',
  'data:text/html,<script>alert(1)</script>',
  'JaVaScRiPt://x%0aalert(1)',
];
const ANSI_NAME = 'Eve\u001b[2J\u001b]8;;https://evil.example\u0007Support\u001b]8;;\u0007\u009b31m\r\u202e';

describe('alert senders render only http(s) URLs', () => {
  it.each(HOSTILE_URLS)('leaves out a post URL %s in Slack, PagerDuty, e-mail and webhook alerts', (url) => {
    // Prepare
    const alert = anAlert({ postUrl: url });

    // Act
    const rendered = [
      slackMessage(alert),
      pagerDutyTrigger(alert, 'key', 'error'),
      emailMessage(alert),
      webhookEvent(alert),
    ];

    // Assess
    for (const message of rendered) expect(JSON.stringify(message).toLowerCase()).not.toMatch(/javascript:|data:text/);
    expect(JSON.stringify(slackMessage(alert))).toContain('|Open the case>');
  });

  it('keeps an https post URL', () => {
    const alert = anAlert();

    expect(JSON.stringify(slackMessage(alert))).toContain(`<${alert.postUrl}|View the post>`);
    expect(pagerDutyTrigger(alert, 'key', 'error').links.map((l) => l.href)).toContain(alert.postUrl);
  });

  it('leaves out notice links that are not http(s)', () => {
    const notice: Notice = {
      noticeId: 'n-1',
      target: 'pager',
      kind: 'handoff',
      title: 'Hand-off',
      text: 'text',
      links: [
        { label: 'Evil', url: HOSTILE_URLS[0] ?? '' },
        { label: 'Case', url: 'https://sundown.example.com/cases/1/view?token=t' },
      ],
      payload: {},
    };

    const rendered = [
      slackNoticeMessage(notice),
      pagerDutyNoticeTrigger(notice, 'key', 'error'),
      emailNoticeMessage(notice),
    ];

    for (const message of rendered) {
      expect(JSON.stringify(message)).not.toContain('javascript:');
      expect(JSON.stringify(message)).toContain('https://sundown.example.com/cases/1/view');
    }
  });

  it('never signs a link on a base URL that is not http(s)', () => {
    const link = () =>
      signLink({ baseUrl: 'javascript:alert(1)//', caseId: 'c', action: 'view', expiresAt: new Date(), secret: 's' });

    expect(link).toThrow(/baseUrl/);
  });
});

describe('on the local stack', () => {
  let stack: TestStack;
  let stateFile: string;

  beforeAll(async () => {
    stack = await startTestStack();
    stateFile = join(mkdtempSync(join(tmpdir(), 'sundown-output-')), 'local.json');
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

  const inbound = (conversation: string, extra: { url?: string; name?: string }) => {
    const at = new Date().toISOString();
    const body = JSON.stringify({
      type: 'message.created',
      timestamp: at,
      data: {
        conversationId: conversation,
        messageId: `${conversation}-1`,
        text: 'nobody answers',
        customer: { email: `${conversation}@example.com`, name: extra.name ?? 'Jane' },
        ...(extra.url && { url: extra.url }),
      },
    });
    return stack.post(
      '/webhooks/inbound/chat',
      body,
      signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${conversation}`, new Date()),
    );
  };

  it.each(HOSTILE_URLS)('refuses an inbound message whose url is %s with 400 naming data.url', async (url) => {
    const answer = await inbound(`hostile-${url.length}`, { url });

    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json)).toContain('data.url');
  });

  it('serves every HTML page with a CSP whose hashes are exactly its inline script and style', async () => {
    // Prepare
    await inbound('csp', {});
    await stack.drained();
    const cases = (await stack.get('/cases')).json as { items: Case[] };
    const caseId = cases.items[0]?.id ?? '';
    const view = signLink({
      baseUrl: stack.url,
      caseId,
      action: 'view',
      expiresAt: new Date(Date.now() + 60_000),
      secret: TEST_SECRETS.LINK_SIGNING_SECRET,
    });

    // Act
    const pages = await Promise.all(
      [view, `${stack.url}/cases/${caseId}/view?token=forged`, `${stack.url}/`].map((url) => fetch(url)),
    );

    // Assess
    expect(pages.map((p) => p.status)).toEqual([200, 403, 200]);
    for (const page of pages) {
      const html = await page.text();
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/^default-src 'none';/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const inline = [...html.matchAll(/<(script|style)>([\s\S]*?)<\/\1>/g)];
      expect(inline.length).toBeGreaterThan(0);
      for (const [, , body] of inline) {
        expect(csp).toContain(
          `'sha256-${createHash('sha256')
            .update(body ?? '')
            .digest('base64')}'`,
        );
      }
      expect(html).not.toMatch(/\sstyle="|\son\w+="/);
    }
  });

  it('prints a customer name without the escape sequences it carries', async () => {
    // Prepare
    await inbound('ansi', { name: ANSI_NAME });
    await stack.drained();
    const cases = (await stack.get('/cases')).json as { items: Case[] };
    const caseId = cases.items.find((c) => c.customerName?.startsWith('Eve'))?.id ?? '';

    // Act
    const shown = await sundown(['cases', 'show', caseId, '--state', stateFile]);
    const listed = await sundown(['cases', 'list', '--state', stateFile]);
    const json = await sundown(['cases', 'show', caseId, '--json', '--state', stateFile]);

    // Assess
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('EveSupport');
    for (const output of [shown.stdout, listed.stdout, json.stdout]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    }
    expect(JSON.parse(json.stdout).case.customerName).toBe(ANSI_NAME);
  });
});
