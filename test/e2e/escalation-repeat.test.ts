/**
 * Chains repeat until someone acts, end to end on the local stack with waits of seconds: after
 * its last level the chain starts again, an acknowledgement holds it, and a case still
 * unanswered when the hold ends is alerted again, saying who acknowledged and when.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Case } from '../../functions/domain/case.ts';
import { signInbound } from '../fixtures/build.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

const HOLD_MS = 8_000;
/** Room for the sweeper tick, the timer queue, the alert queue and the HTTP delivery, on a loaded machine. */
const SLACK_MS = 8_000;
/** Longer than every wait of a test added up. */
const TEST_TIMEOUT_MS = 90_000;

let stack: TestStack;
let receiver: AlertReceiver;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  const path = writeEscalationConfig(
    receiver.url,
    { firstResponse: 'PT4S', resolution: 'PT10M' },
    [{ notify: ['pager'] }, { notify: ['manager'], after: 'PT3S' }],
    { repeatAfter: 'PT3S' },
  );
  const config = JSON.parse(readFileSync(path, 'utf8'));
  config.escalationChains.test = {
    ...config.escalationChains.test,
    repeat: 'untilAnswered',
    holdAfterAcknowledge: 'PT8S',
  };
  writeFileSync(path, JSON.stringify(config));
  stack = await startTestStack({
    configPath: path,
    sweepEveryMs: 5_000,
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
  });
});

afterAll(async () => {
  await stack?.stop();
  receiver?.server.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const customerWrites = async (conversation: string) => {
  const at = new Date().toISOString();
  const body = JSON.stringify({
    type: 'message.created',
    timestamp: at,
    data: {
      conversationId: conversation,
      messageId: `${conversation}-1`,
      direction: 'inbound',
      occurredAt: at,
      text: 'my bag is lost and nobody answers',
      customer: { email: `${conversation}@example.com`, name: `Customer ${conversation}` },
    },
  });
  const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_${conversation}`, new Date());
  const { status } = await stack.post('/webhooks/inbound/chat', body, headers);
  if (status >= 300) throw new Error(`inbound message for ${conversation} answered ${status}`);
  const alerts = () => receiver.received.filter((r) => r.data.customer.name === `Customer ${conversation}`);
  const nthAlert = async (n: number, timeoutMs: number) => {
    await until(() => alerts().length >= n, timeoutMs);
    const alert = alerts()[n - 1];
    if (!alert) throw new Error(`alert ${n} for ${conversation} did not arrive; got ${alerts().length}`);
    return alert;
  };
  /** The first alert after the acknowledgement's hold: the only kind that says who acknowledged. */
  const resumedAlert = async (timeoutMs: number) => {
    const resumed = () => alerts().find((a) => (a.data as { note?: string }).note?.startsWith('acknowledged by'));
    await until(() => resumed() !== undefined, timeoutMs);
    const alert = resumed();
    if (!alert) throw new Error(`no alert after the hold for ${conversation}; got ${alerts().length}`);
    return alert;
  };
  return { alerts, nthAlert, resumedAlert };
};

/** Alert links only confirm on GET: open one and submit its POST form, as a browser would. */
const acknowledgeThrough = async (url: string): Promise<number> => {
  const html = await (await fetch(url)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`${url} has no form`);
  const fields = [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]);
  const response = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields as [string, string][]),
  });
  return response.status;
};

const caseOf = async (caseId: string): Promise<Case> => {
  const { json } = await stack.get(`/cases/${caseId}`);
  return (json as { case: Case }).case;
};

describe.concurrent('repeating chains on the local stack', () => {
  it('keeps alerting after its last level until someone acknowledges', { timeout: TEST_TIMEOUT_MS }, async ({
    expect,
  }) => {
    // Prepare
    const customer = await customerWrites('repeat-until-ack');

    // Act: level 1, level 2, then level 1 of the second round; acknowledge that one
    const third = await customer.nthAlert(3, 4_000 + 3_000 + 3_000 + 3 * SLACK_MS);
    const acknowledged = await acknowledgeThrough(third.data.ackUrl);
    const alertsAtAck = customer.alerts().length;
    // Read at once: once the hold runs out the chain resumes and clears it, and on a loaded machine
    // a read after the sleep below can come later than that.
    const held = await caseOf(third.data.caseId);
    await sleep(HOLD_MS - 2_000);

    // Assess
    expect(acknowledged).toBe(200);
    expect(
      customer
        .alerts()
        .slice(0, 3)
        .map((a) => [a.data.level, a.data.round]),
    ).toEqual([
      [1, 0],
      [2, 0],
      [1, 1],
    ]);
    // Nothing more while the acknowledgement holds the chain (one alert may have been in flight).
    expect(customer.alerts().length - alertsAtAck).toBeLessThanOrEqual(1);
    expect(held.escalations?.[0]).toMatchObject({ acknowledgedBy: 'alert link', heldUntil: expect.any(String) });
  });

  it('alerts an acknowledged but unanswered case again when the hold ends, saying who acknowledged', {
    timeout: TEST_TIMEOUT_MS,
  }, async ({ expect }) => {
    // Prepare
    const customer = await customerWrites('repeat-after-hold');
    const first = await customer.nthAlert(1, 4_000 + 2 * SLACK_MS);
    const ackedAt = Date.now();

    // Act: on a loaded machine level 2 may come before the acknowledgement lands; the hold counts from it
    expect(await acknowledgeThrough(first.data.ackUrl)).toBe(200);
    const again = await customer.resumedAlert(HOLD_MS + 3 * SLACK_MS);

    // Assess
    expect(again.at - ackedAt).toBeGreaterThanOrEqual(HOLD_MS - 1_000);
    expect([again.data.level, again.data.round, again.data.kind]).toEqual([1, 1, 'escalation']);
    expect((again.data as { note?: string }).note).toMatch(
      /^acknowledged by alert link \d+ min ago, still unanswered$/,
    );
    const { json } = await stack.get(`/cases/${first.data.caseId}`);
    const audit = (json as { audit: { type: string; detail?: Record<string, unknown> }[] }).audit;
    expect(audit.filter((a) => a.type === 'escalation.resumed').map((a) => a.detail?.acknowledgedBy)).toEqual([
      'alert link',
    ]);
    const stored = await caseOf(first.data.caseId);
    expect(stored.escalations?.[0]?.heldUntil).toBeUndefined();
    expect(stored.escalations?.[0]?.resumedAt).toEqual(expect.any(String));
  });
});
