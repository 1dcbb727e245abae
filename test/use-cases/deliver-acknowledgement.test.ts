/**
 * The alert worker's side of an acknowledgement made in Sundown: a PagerDuty target receives one
 * Events v2 `acknowledge` for the breach's dedup_key, to a real HTTP receiver, with leased claims
 * (in memory) so a redelivered job sends nothing more; other targets are skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SundownConfig } from '../../functions/config/schema.ts';
import type { AcknowledgementJob } from '../../functions/domain/escalation.ts';
import { type DeliverDeps, deliverAlertJob } from '../../functions/use-cases/deliver-alert.ts';
import { type Receiver, startReceiver } from '../alerts/receiver.ts';
import { deliveryPorts } from '../support/delivery-ports.ts';
import { FixedClock } from '../support/fakes/fixed-clock.ts';
import { memoryAdapters } from '../support/fakes/memory-adapters.ts';

const CASE_ID = '01JD3K6N4ZQ8W5T2X7V9B1C0FE';
const NOW = '2026-03-03T10:00:00.000Z';

const config = {
  targets: {
    pager: { type: 'pagerduty', routingKeySecret: 'PD_KEY', severity: 'error' },
    'social-team': { type: 'slack', webhookUrlSecret: 'SLACK_HOOK' },
  },
} as unknown as SundownConfig;

const job = (target: string): AcknowledgementJob => ({
  alertId: `${CASE_ID}:firstResponse:3:acknowledged:${target}`,
  caseId: CASE_ID,
  target,
  kind: 'acknowledged',
  escalationId: 'firstResponse:3',
  clock: 'firstResponse',
  level: 1,
  round: 0,
});

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(() => receiver.close());

const depsFor = async (): Promise<DeliverDeps> => {
  const clock = new FixedClock(new Date(NOW));
  const { store, claims } = memoryAdapters(clock);
  return {
    store,
    claims,
    clock,
    config,
    ...deliveryPorts(config, clock, {
      secrets: async (name) => (name === 'PD_KEY' ? 'routing-key-1' : 'https://hooks.slack.com/services/T/B/x'),
      endpoints: { pagerduty: receiver.url('/v2/enqueue') },
    }),
  };
};

describe('delivering an acknowledgement job', () => {
  it('sends PagerDuty one acknowledge event for the breach dedup_key, even when the job comes twice', async () => {
    // Prepare
    const deps = await depsFor();
    const before = receiver.received.length;

    // Act
    const first = await deliverAlertJob(job('pager'), deps);
    const again = await deliverAlertJob(job('pager'), deps);

    // Assess
    expect(first).toEqual({ outcome: 'delivered', target: 'pager' });
    expect(again).toEqual({ outcome: 'duplicate' });
    const sent = receiver.received.slice(before);
    expect(sent.map((r) => [r.method, r.path])).toEqual([['POST', '/v2/enqueue']]);
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      routing_key: 'routing-key-1',
      event_action: 'acknowledge',
      dedup_key: `sundown:${CASE_ID}:firstResponse:3`,
    });
  });

  it('skips a target that is not a paging tool, sending nothing', async () => {
    // Prepare
    const deps = await depsFor();
    const before = receiver.received.length;

    // Act
    const outcome = await deliverAlertJob(job('social-team'), deps);

    // Assess
    expect(outcome).toEqual({ outcome: 'skipped', reason: 'only paging tools are told of an acknowledgement' });
    expect(receiver.received.length).toBe(before);
  });
});
