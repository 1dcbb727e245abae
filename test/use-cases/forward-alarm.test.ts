/**
 * Operational alarms reach on-call: a CloudWatch alarm state change, as SNS delivers it, is sent
 * to the fallback alert target (a real webhook receiver verifying Standard Webhooks signatures),
 * once per state change, with claims on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClaims } from '../../functions/adapters/dynamodb/claims.ts';
import { targetNotifier } from '../../functions/alerts/notifier.ts';
import { type SundownConfig, sundownConfigSchema } from '../../functions/config/schema.ts';
import type { NoticeDeps } from '../../functions/use-cases/deliver-notice.ts';
import { alarmMessageSchema, forwardAlarm } from '../../functions/use-cases/forward-alarm.ts';
import { ALERT_SECRET, type AlertReceiver, startAlertReceiver } from '../support/alert-receiver.ts';
import { freshTable } from '../support/dynamo.ts';
import { FixedClock } from './triage-support.ts';

let receiver: AlertReceiver;
beforeAll(async () => {
  receiver = await startAlertReceiver();
});
afterAll(() => receiver.server.close());

const configWith = (alerts: Record<string, unknown>): SundownConfig =>
  sundownConfigSchema.parse({
    brand: { id: 'acme', name: 'Acme', timeZone: 'UTC' },
    accounts: [{ channel: 'x', id: 'brand-x', handle: 'Acme' }],
    sla: { policies: [{ name: 'all', firstResponse: 'PT15M', escalation: 'social' }] },
    escalationChains: { social: { levels: [{ notify: ['pager'] }] } },
    targets: { pager: { type: 'webhook', url: receiver.url, secret: 'ALERT_WEBHOOK_SECRET' } },
    alerts,
  });

const depsFor = async (config: SundownConfig): Promise<NoticeDeps> => {
  const { tableName, documentClient: client } = await freshTable();
  const clock = new FixedClock(new Date('2026-03-02T03:00:00.000Z'));
  return {
    claims: new DynamoClaims({ client, tableName, clock }),
    clock,
    config,
    notifier: targetNotifier(config.targets, { secrets: async () => ALERT_SECRET }),
  };
};

/** The JSON CloudWatch publishes to SNS when an alarm changes state (fields Sundown reads, plus some it ignores). */
const dlqAlarm = alarmMessageSchema.parse({
  AlarmName: 'sundown-prod-AlertDlqNotEmpty',
  AlarmDescription: 'Sundown prod: alerts are on the alert DLQ',
  AWSAccountId: '123456789012',
  NewStateValue: 'ALARM',
  NewStateReason: 'Threshold Crossed: 1 datapoint [3.0] was greater than the threshold (0.0).',
  StateChangeTime: '2026-03-02T02:59:00.000+0000',
  Region: 'EU (Ireland)',
  OldStateValue: 'OK',
});

describe('operational alarms reach the fallback target', () => {
  it('sends an alarm state change to alerts.fallback once, however often SNS delivers it', async () => {
    // Prepare
    const deps = await depsFor(configWith({ fallback: 'pager' }));
    const before = receiver.received.length;
    // Act
    const first = await forwardAlarm(dlqAlarm, deps);
    const again = await forwardAlarm(dlqAlarm, deps);
    // Assess
    expect(first).toEqual({ outcome: 'delivered', target: 'pager' });
    expect(again).toEqual({ outcome: 'duplicate' });
    const sent = receiver.received.slice(before);
    expect(sent.map((r) => r.type)).toEqual(['sundown.notice.operations_alarm']);
    expect(sent[0]?.data).toMatchObject({ alarm: 'sundown-prod-AlertDlqNotEmpty', state: 'ALARM' });
    expect(receiver.rejected).toEqual([]);
  });

  it('forwards nothing, and says why, when no fallback target is configured', async () => {
    // Prepare
    const deps = await depsFor(configWith({}));
    // Act
    const outcome = await forwardAlarm(dlqAlarm, deps);
    // Assess
    expect(outcome).toEqual({ outcome: 'not_forwarded', reason: expect.stringMatching(/alerts\.fallback/) });
  });
});
