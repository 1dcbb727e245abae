/**
 * Suppression defers, never drops, end to end on the local stack: the suppression calendar is
 * closed now and opens at a whole minute. Once the night's work is done, the process clock jumps
 * to just before that minute (shifted-clock.ts) instead of the test waiting for it. A suppressed case breaching meanwhile is alerted when
 * it opens (one notice per target); a furious customer whose swearing carries a complaint is not
 * suppressed at all and is escalated at night; a troll who only swears is suppressed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
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
import { type ShiftedClock, shiftClock } from '../support/shifted-clock.ts';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The next whole minute at least 90 s away: the night lasts until the tests have seen what happens in it. */
const nextOpening = (): Date => new Date(Math.ceil((Date.now() + 90_000) / 60_000) * 60_000);

/** Settles when the night-time test is done with the night, so the other may end it. */
let furiousNightOver: () => void;
const nightOver = new Promise<void>((resolve) => {
  furiousNightOver = resolve;
});

let stack: TestStack;
let receiver: AlertReceiver;
let opensAt: Date;
let clock: ShiftedClock;

beforeAll(async () => {
  clock = shiftClock();
  receiver = await startAlertReceiver();
  const path = writeEscalationConfig(receiver.url, { firstResponse: 'PT4S', resolution: 'PT1H' }, [
    { notify: ['pager'] },
    { notify: ['manager'], after: 'PT5S' },
  ]);
  const config = JSON.parse(readFileSync(path, 'utf8'));
  opensAt = nextOpening();
  const hhmm = opensAt.toISOString().slice(11, 16);
  config.calendars = {
    office: { timeZone: 'UTC', hours: { [WEEKDAYS[opensAt.getUTCDay()] as string]: [`${hhmm}-24:00`] } },
  };
  config.suppression = {
    patterns: ['crypto giveaway'],
    abuse: { messages: 3, within: 'PT1H' },
    calendar: 'office',
  };
  writeFileSync(path, JSON.stringify(config));
  stack = await startTestStack({
    configPath: path,
    sweepEveryMs: 5_000,
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  receiver?.server.close();
  clock?.restore();
});

const customerWrites = async (conversation: string, texts: readonly string[]) => {
  for (const [i, text] of texts.entries()) {
    const at = new Date().toISOString();
    const body = JSON.stringify({
      type: 'message.created',
      timestamp: at,
      data: {
        conversationId: conversation,
        messageId: `${conversation}-${i}`,
        direction: 'inbound',
        occurredAt: at,
        text,
        customer: { email: `${conversation}@example.com`, name: `Customer ${conversation}` },
      },
    });
    const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${conversation}_${i}`, new Date());
    const { status } = await stack.post('/webhooks/inbound/chat', body, headers);
    if (status >= 300) throw new Error(`inbound message for ${conversation} answered ${status}`);
    await stack.drained();
  }
};

const viewOf = async (conversation: string): Promise<{ case: Case; audit: readonly AuditEntry[] }> => {
  const { json } = await stack.get('/cases?limit=100');
  const found = (json as { items: Case[] }).items.find((c) => c.customerName === `Customer ${conversation}`);
  if (!found) throw new Error(`no case for ${conversation}`);
  return (await stack.get(`/cases/${found.id}`)).json as { case: Case; audit: readonly AuditEntry[] };
};

const alertsFor = (conversation: string) =>
  receiver.received.filter((r) => r.data.customer?.name === `Customer ${conversation}`);
const noticesFor = (caseId: string) =>
  receiver.received.filter(
    (r) =>
      r.type === 'sundown.notice.deferred_alerts' &&
      (r.data as unknown as { caseIds: string[] }).caseIds.includes(caseId),
  );

describe.concurrent('suppression at night on the local stack', () => {
  it('holds back a suppressed case’s alerts at night and sends them, one notice per target, when the calendar opens', async ({
    expect,
  }) => {
    // Prepare
    await customerWrites('suppressed-at-night', ['crypto giveaway! also my refund never came']);
    const { case: opened } = await viewOf('suppressed-at-night');

    // Act: the breach and level 2 come while the calendar is closed; a few sweeps later it opens
    const nightEnds = Date.now() + 60_000;
    let atNight = await viewOf('suppressed-at-night');
    while (atNight.audit.filter((a) => a.type === 'alert.deferred').length < 2 && Date.now() < nightEnds) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      atNight = await viewOf('suppressed-at-night');
    }
    await nightOver;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const beforeOpening = await viewOf('suppressed-at-night');
    clock.advanceTo(new Date(opensAt.getTime() - 2_000));
    await until(() => noticesFor(opened.id).length >= 2, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const afterOpening = await viewOf('suppressed-at-night');

    // Assess: nothing reached anyone at night, but nothing was dropped either
    expect(opened.suppressed?.reason).toMatch(/spam pattern/);
    expect(beforeOpening.audit.filter((a) => a.type === 'alert.deferred').map((a) => a.detail?.target)).toEqual([
      'pager',
      'manager',
    ]);
    expect(beforeOpening.audit.filter((a) => a.type === 'escalation.alerted')).toEqual([]);
    const notices = noticesFor(opened.id);
    expect(notices.map((n) => n.path).sort()).toEqual(['/alerts', '/alerts/manager']);
    expect(notices.every((n) => n.at >= opensAt.getTime() - 1_000)).toBe(true);
    expect(alertsFor('suppressed-at-night')).toEqual([]);
    const delivered = afterOpening.audit.filter((a) => a.type === 'alert.delivered').map((a) => a.detail?.target);
    expect(delivered.sort()).toEqual(['manager', 'pager']);
    expect(
      afterOpening.audit
        .filter((a) => a.type === 'escalation.alerted')
        .map((a) => a.detail?.level)
        .sort(),
    ).toEqual([1, 2]);
    expect(afterOpening.case.deferredAlerts ?? []).toEqual([]);
  }, 120_000);

  it('escalates a furious customer with a complaint at night, and suppresses a troll who only swears', async ({
    expect,
  }) => {
    // Prepare
    const furious = ['this is fucking ridiculous', 'fucking answer me', 'my bag is lost, fucking useless airline'];
    const troll = ['you are all fucking idiots', 'fucking clowns', 'fucking losers'];

    // Act
    let furiousView: { case: Case };
    let trollView: { case: Case };
    try {
      await Promise.all([customerWrites('furious-at-night', furious), customerWrites('troll-at-night', troll)]);
      await until(() => alertsFor('furious-at-night').length >= 1, 15_000);
      [furiousView, trollView] = await Promise.all([viewOf('furious-at-night'), viewOf('troll-at-night')]);
    } finally {
      furiousNightOver();
    }

    // Assess
    expect(alertsFor('furious-at-night')[0]?.at).toBeLessThan(opensAt.getTime());
    expect(furiousView.case.suppressed).toBeUndefined();
    expect(alertsFor('furious-at-night')[0]?.data.level).toBe(1);
    expect(trollView.case.suppressed?.reason).toMatch(/^abuse: 3 abusive messages/);
  }, 60_000);
});
