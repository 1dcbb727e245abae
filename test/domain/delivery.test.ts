/**
 * Delivery is the truth: what each delivery attempt of a chain step's alert does to the escalation.
 */
import { describe, expect, it } from 'vitest';
import type { Case, Escalation } from '../../functions/domain/case.ts';
import { type DeliveryAttempt, levelAlertId, recordDelivery } from '../../functions/domain/delivery.ts';
import { type AlertJob, alertJobs, openEscalation } from '../../functions/domain/escalation.ts';
import type { EscalationChain } from '../../functions/domain/policies.ts';
import { openCase } from './sla/fixtures.ts';

const chain: EscalationChain = {
  levels: [
    { notify: ['slack', 'log'], after: 'PT0S' },
    { notify: ['pager'], after: 'PT10M' },
  ],
  repeat: 0,
  repeatAfter: 'PT30M',
  holdAfterAcknowledge: 'PT30M',
};
const NOW = '2026-01-05T11:00:05.000Z';
const opened = openEscalation(
  openCase({ id: '01JD3K6N4ZQ8W5T2X7V9B1C0FE' }),
  'firstResponse',
  2,
  'on-call',
  chain,
  '2026-01-05T11:00:00.000Z',
  '2026-01-05T11:00:01.000Z',
);
const withEscalation = (escalation: Escalation): Case => ({
  ...openCase({ id: '01JD3K6N4ZQ8W5T2X7V9B1C0FE' }),
  escalations: [escalation],
});
const failed = (reason = 'secret SLACK is not set'): DeliveryAttempt => ({ state: 'failed', reason, attempt: 1 });
const jobFor = (target: string, escalation = opened.escalation): AlertJob => {
  const job = alertJobs(withEscalation(escalation), escalation, chain, 'breach').find((j) => j.target === target);
  if (!job) throw new Error(`no job for ${target}`);
  return job;
};

/** Applies attempts one after the other, as the alert worker records them. */
const attempts = (steps: [AlertJob, DeliveryAttempt][], fallback?: string) => {
  let escalation = opened.escalation;
  const effects = steps.map(([job, attempt]) => {
    const effect = recordDelivery(withEscalation(escalation), job, attempt, chain, fallback, NOW);
    if (effect) escalation = effect.escalation;
    return effect;
  });
  return { escalation, effects };
};

describe('recording alert deliveries', () => {
  it('says a level was alerted when its first target accepted the alert, and only once', () => {
    const { escalation, effects } = attempts([
      [jobFor('slack'), failed()],
      [jobFor('log'), { state: 'delivered' }],
    ]);

    expect(effects.map((e) => e?.audit.map((a) => a.type))).toEqual([
      ['alert.failed'],
      ['alert.delivered', 'escalation.alerted'],
    ]);
    expect(escalation.deliveries?.map((d) => [d.target, d.state])).toEqual([
      ['slack', 'failed'],
      ['log', 'delivered'],
    ]);
    expect(effects.some((e) => e?.failover)).toBe(false);
  });

  it('moves to the next level now when every target of the level failed', () => {
    const { escalation, effects } = attempts([
      [jobFor('slack'), failed()],
      [jobFor('log'), { state: 'retrying', reason: 'HTTP 503', attempt: 1 }],
    ]);

    expect(effects[0]?.failover).toBeUndefined();
    expect(effects[1]?.failover).toMatchObject({ kind: 'escalation', level: 2, round: 0, dueAt: NOW });
    expect(effects[1]?.audit.map((a) => a.type)).toEqual(['alert.retrying', 'escalation.level_failed']);
    expect(escalation.failedOver).toEqual(['L1:R0']);
  });

  it('does not move to the next level while another worker is sending the alert to a failed target', () => {
    // Prepare: both targets failed once; a copy of the step is sending to slack again right now.
    const [slackFailed] = attempts([[jobFor('slack'), failed()]]).effects;
    const afterSlack = slackFailed?.escalation ?? opened.escalation;
    const logJob = jobFor('log', afterSlack);
    const logFailed = failed('HTTP 500');

    // Act
    const whileSending = recordDelivery(
      withEscalation(afterSlack),
      logJob,
      logFailed,
      chain,
      undefined,
      NOW,
      new Set(['slack']),
    );
    const afterwards = recordDelivery(withEscalation(afterSlack), logJob, logFailed, chain, undefined, NOW, new Set());

    // Assess
    expect(whileSending?.failover).toBeUndefined();
    expect(whileSending?.escalation.failedOver).toBeUndefined();
    expect(whileSending?.audit.map((a) => a.type)).toEqual(['alert.failed']);
    expect(afterwards?.failover).toMatchObject({ level: 2, dueAt: NOW });
  });

  it("names another target's alert of the same step by its id", () => {
    const slack = jobFor('slack');
    expect(levelAlertId(slack, 'log')).toBe(jobFor('log').alertId);
    expect(levelAlertId({ ...slack, alertId: `lifted:${slack.alertId}` }, 'log')).toBe(
      `lifted:${jobFor('log').alertId}`,
    );
    expect(levelAlertId({ ...slack, alertId: 'unrelated' }, 'log')).toBeUndefined();
  });

  it('fails over once however often the failing targets are retried', () => {
    const { effects } = attempts([
      [jobFor('slack'), failed()],
      [jobFor('log'), failed()],
      [jobFor('log'), failed('HTTP 500')],
    ]);

    expect(effects.filter((e) => e?.failover)).toHaveLength(1);
  });

  it('never lets a late failure undo a delivery', () => {
    const { escalation, effects } = attempts([
      [jobFor('slack'), { state: 'delivered' }],
      [jobFor('slack'), failed()],
    ]);

    expect(effects[1]).toBeUndefined();
    expect(escalation.deliveries?.map((d) => d.state)).toEqual(['delivered']);
  });

  it('tries the fallback target when every target of the last level failed', () => {
    // Prepare: the chain is at level 2, whose one target fails
    const atLevel2: Escalation = { ...opened.escalation, level: 2 };
    const pagerJob = { ...jobFor('slack'), target: 'pager', level: 2, kind: 'escalation' } as AlertJob;

    // Act
    const effect = recordDelivery(withEscalation(atLevel2), pagerJob, failed(), chain, 'email-duty', NOW);
    const withoutFallback = recordDelivery(withEscalation(atLevel2), pagerJob, failed(), chain, undefined, NOW);

    // Assess
    expect(effect?.fallback).toMatchObject({ target: 'email-duty', level: 2, kind: 'escalation' });
    expect(effect?.fallback?.alertId).toMatch(/:email-duty:fallback$/);
    expect(effect?.audit.at(-1)).toEqual({
      type: 'escalation.level_failed',
      detail: { level: 2, round: 0, next: 'fallback email-duty' },
    });
    expect(withoutFallback?.fallback).toBeUndefined();
    expect(withoutFallback?.audit.at(-1)?.detail).toMatchObject({ next: 'none' });
  });
});
