/**
 * Notices (hand-offs, reminders, surges, digests) through the alert worker's use case: each
 * target gets the notice in its own format, once, however often the message is delivered.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoClaims } from '../../functions/adapters/dynamodb/claims.ts';
import { targetNotifier } from '../../functions/alerts/notifier.ts';
import { parseSundownConfig } from '../../functions/config/load.ts';
import type { SundownConfig } from '../../functions/config/schema.ts';
import type { Notice } from '../../functions/domain/queue-messages.ts';
import { deliverNoticeJob, type NoticeDeps } from '../../functions/use-cases/deliver-notice.ts';
import { freshTable } from '../support/dynamo.ts';
import { type Receiver, startReceiver } from './receiver.ts';

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = new Date('2026-03-02T10:00:00Z');

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
});

const configWith = (): SundownConfig =>
  parseSundownConfig(
    {
      brand: { id: 'acme', name: 'Acme' },
      accounts: [{ channel: 'x', id: '1' }],
      sla: { policies: [{ name: 'all', firstResponse: 'PT1H', escalation: 'chat' }] },
      escalationChains: { chat: { levels: [{ notify: ['chat'] }] } },
      targets: {
        chat: { type: 'slack', webhookUrlSecret: 'SLACK_URL' },
        pager: { type: 'pagerduty', routingKeySecret: 'PD_KEY', severity: 'warning' },
        hook: { type: 'webhook', url: receiver.url('/hook'), secret: 'HOOK_SECRET' },
        mail: { type: 'email', addresses: ['billing@example.com'] },
        log: { type: 'console' },
      },
    },
    'test config',
  );

const aNotice = (target: string, overrides: Partial<Notice> = {}): Notice => ({
  noticeId: `handoff-case1-${target}`,
  target,
  kind: 'handoff',
  title: 'Hand-off to billing: case case1',
  text: 'Jane Doe was double charged.\nNote: please refund',
  caseId: 'case1',
  links: [{ label: 'Open the case', url: 'https://sundown.example.com/cases/case1/view?token=abc' }],
  payload: { caseId: 'case1', department: 'billing', messages: [{ channel: 'x', text: 'hello' }] },
  ...overrides,
});

const given = async () => {
  const table = await freshTable();
  const emails: { target: string; subject: string; body: string }[] = [];
  const lines: string[] = [];
  const secrets: Record<string, string> = {
    SLACK_URL: receiver.url('/slack'),
    PD_KEY: 'R0UT1NGKEY0000000000000000000000',
    HOOK_SECRET: WHSEC,
  };
  const config = configWith();
  const deps: NoticeDeps = {
    claims: new DynamoClaims({ client: table.documentClient, tableName: table.tableName, clock: { now: () => NOW } }),
    clock: { now: () => NOW },
    config,
    notifier: targetNotifier(config.targets, {
      secrets: async (name) => secrets[name],
      endpoints: { pagerduty: receiver.url('/pagerduty') },
      // The time of the attempt: the receiver checks it against its own clock.
      now: () => new Date(),
      log: (line) => lines.push(line),
      publishEmail: async (target, subject, body) => {
        emails.push({ target, subject, body });
      },
    }),
  };
  return { deps, emails, lines };
};

const bodyAt = (path: string) => {
  const request = receiver.received.find((r) => r.path === path);
  if (!request) throw new Error(`nothing posted to ${path}`);
  return { json: JSON.parse(request.body), headers: request.headers, body: request.body };
};

describe('notice delivery', () => {
  it('posts a signed Standard Webhooks event of type sundown.notice.<kind> whose data is the payload', async () => {
    const { deps } = await given();
    const notice = aNotice('hook');

    const outcome = await deliverNoticeJob(notice, deps);

    expect(outcome).toEqual({ outcome: 'delivered', target: 'hook' });
    const { json, headers, body } = bodyAt('/hook');
    const verified = new Webhook(WHSEC).verify(body, headers as Record<string, string>) as Record<string, unknown>;
    expect(verified).toEqual({ type: 'sundown.notice.handoff', timestamp: expect.any(String), data: notice.payload });
    expect(json.data).toEqual(notice.payload);
    expect(headers['webhook-id']).toBe(notice.noticeId);
  });

  it('sends Slack a header, the text and a link button per link', async () => {
    const { deps } = await given();

    await deliverNoticeJob(aNotice('chat'), deps);

    const { json } = bodyAt('/slack');
    expect(json.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Hand-off to billing: case case1' } });
    expect(json.blocks[1].text.text).toContain('Jane Doe was double charged.');
    expect(json.blocks[2].elements).toEqual([
      expect.objectContaining({ type: 'button', url: 'https://sundown.example.com/cases/case1/view?token=abc' }),
    ]);
  });

  it('triggers PagerDuty with the title as summary, the payload as details and the notice id as dedup key', async () => {
    const { deps } = await given();
    const notice = aNotice('pager');

    await deliverNoticeJob(notice, deps);

    const { json } = bodyAt('/pagerduty');
    expect(json).toMatchObject({
      event_action: 'trigger',
      dedup_key: notice.noticeId,
      payload: { summary: notice.title, severity: 'warning', custom_details: notice.payload },
    });
  });

  it('publishes an e-mail with an ASCII subject and the text and links in the body, and prints to the console', async () => {
    const { deps, emails, lines } = await given();

    await deliverNoticeJob(aNotice('mail', { title: 'Hand-off to billing: Café' }), deps);
    await deliverNoticeJob(aNotice('log'), deps);

    expect(emails).toHaveLength(1);
    expect(emails[0]?.target).toBe('mail');
    expect(emails[0]?.subject).toBe('[Sundown] Hand-off to billing: Cafe');
    expect(emails[0]?.body).toContain('Note: please refund');
    expect(emails[0]?.body).toContain('https://sundown.example.com/cases/case1/view?token=abc');
    expect(lines.join('\n')).toContain('Jane Doe was double charged.');
  });

  it('delivers a notice queued twice only once', async () => {
    const { deps } = await given();

    const first = await deliverNoticeJob(aNotice('hook'), deps);
    const second = await deliverNoticeJob(aNotice('hook'), deps);

    expect([first.outcome, second.outcome]).toEqual(['delivered', 'duplicate']);
    expect(receiver.received.filter((r) => r.path === '/hook')).toHaveLength(1);
  });

  it('retries after a failed delivery: the claim is given back', async () => {
    const { deps } = await given();
    receiver.answer({ status: 503 });
    await expect(deliverNoticeJob(aNotice('hook'), deps)).rejects.toThrow(/503/);
    receiver.answer({ status: 200 });

    const retried = await deliverNoticeJob(aNotice('hook'), deps);

    expect(retried.outcome).toBe('delivered');
  });

  it('skips a notice for a target the config does not name', async () => {
    const { deps } = await given();

    const outcome = await deliverNoticeJob(aNotice('nobody'), deps);

    expect(outcome).toEqual({ outcome: 'skipped', reason: 'no alert target named nobody in the config' });
  });
});
