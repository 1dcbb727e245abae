/**
 * Operational alarms reach on-call: a CloudWatch alarm state change, as SNS delivers it, is sent
 * to the fallback alert target (a real webhook receiver verifying Standard Webhooks signatures),
 * once per state change, with claims in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetNotifier } from '../../functions/alerts/notifier.ts';
import { type SundownConfig, sundownConfigSchema } from '../../functions/config/schema.ts';
import type { NoticeDeps } from '../../functions/use-cases/deliver-notice.ts';
import { alarmMessageSchema, forwardAlarm } from '../../functions/use-cases/forward-alarm.ts';
import { startReceiver } from '../alerts/receiver.ts';
import { ALERT_SECRET, type AlertReceiver, startAlertReceiver } from '../support/alert-receiver.ts';
import { FixedClock } from '../support/fakes/fixed-clock.ts';
import { MemoryClaims } from '../support/fakes/memory-claims.ts';

let receiver: AlertReceiver;
beforeAll(async () => {
  receiver = await startAlertReceiver();
});
afterAll(() => receiver.server.close());

const configWith = (
  alerts: Record<string, unknown>,
  targets: Record<string, unknown> = { pager: { type: 'webhook', url: receiver.url, secret: 'ALERT_WEBHOOK_SECRET' } },
): SundownConfig =>
  sundownConfigSchema.parse({
    brand: { id: 'acme', name: 'Acme', timeZone: 'UTC' },
    accounts: [{ channel: 'x', id: 'brand-x', handle: 'Acme' }],
    sla: { policies: [{ name: 'all', firstResponse: 'PT15M', escalation: 'social' }] },
    escalationChains: { social: { levels: [{ notify: Object.keys(targets) }] } },
    targets,
    alerts,
  });

const depsFor = async (config: SundownConfig): Promise<NoticeDeps> => {
  const clock = new FixedClock(new Date('2026-03-02T03:00:00.000Z'));
  return {
    claims: new MemoryClaims(clock),
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

  it('reaches on-call in Microsoft Teams when the fallback target is a Teams workflow', async () => {
    // Prepare
    const teams = await startReceiver();
    try {
      const config = configWith(
        { fallback: 'oncall' },
        { oncall: { type: 'teams', workflowUrlSecret: 'TEAMS_WORKFLOW_URL' } },
      );
      const deps = await depsFor(config);
      const secrets: Record<string, string> = { TEAMS_WORKFLOW_URL: teams.url('/workflows/oncall/invoke?sig=x') };
      // Act
      const outcome = await forwardAlarm(dlqAlarm, {
        ...deps,
        notifier: targetNotifier(config.targets, { secrets: async (name) => secrets[name] }),
      });
      // Assess
      expect(outcome).toEqual({ outcome: 'delivered', target: 'oncall' });
      expect(teams.received.map((r) => r.path)).toEqual(['/workflows/oncall/invoke?sig=x']);
      const card = JSON.parse(teams.received[0]?.body ?? '{}').attachments[0].content;
      expect(JSON.stringify(card.body)).toContain('sundown\\\\-prod\\\\-AlertDlqNotEmpty');
      expect(JSON.stringify(card.body)).toContain('State: ALARM');
    } finally {
      await teams.close();
    }
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
