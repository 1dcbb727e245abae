/**
 * Alerts of a suppressed case, through the alert worker's use case on the in-memory adapters with a
 * fixed clock: its night-time breach pages nobody but is held on the case until the office
 * opens (suppression defers, never drops); its day-time breach reaches every target.
 */
import { describe, expect, it } from 'vitest';
import { deferredTimer } from '../../functions/domain/triage/deferral.ts';
import { ReleaseInProgressError, releaseDeferredAlerts } from '../../functions/use-cases/deferred-alerts.ts';
import { deliverAlertJob } from '../../functions/use-cases/deliver-alert.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { deliveryPorts } from '../support/delivery-ports.ts';
import { MemoryClaims } from '../support/fakes/memory-claims.ts';
import { breachJob, suppressedBreachedCase, type TriageHarness, triageHarness } from './triage-support.ts';

/** Monday 2 March 2026 in London (GMT): 23:00 is after hours, 10:00 is inside them. */
const NIGHT = '2026-03-02T23:00:00.000Z';
const DAY = '2026-03-03T10:00:00.000Z';

const deliver = async (harness: TriageHarness, now: string) => {
  harness.clock.set(now);
  const printed: string[] = [];
  const deps = {
    store: harness.deps.store,
    claims: new MemoryClaims(harness.clock),
    clock: harness.clock,
    config: harness.deps.config,
    newId: (() => {
      let n = 0;
      return () => `01JD3K6N4ZQ8W5T2X7V9B1C${String(n++).padStart(3, '0')}`;
    })(),
    ...deliveryPorts(harness.deps.config, harness.clock, {
      secrets: async () => 'routing-key',
      log: (line: string) => printed.push(line),
      fetch: async () => new Response('{}', { status: 202 }),
    }),
  };
  return { deps, printed };
};

describe('alerts of a suppressed case', () => {
  it('pages nobody for a breach at night, and holds both alerts on the case until the office opens', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), NIGHT);
    const theCase = await suppressedBreachedCase(harness, 'night', NIGHT);
    const { deps, printed } = await deliver(harness, NIGHT);
    // Act
    const social = await deliverAlertJob(breachJob(theCase, 'social-team'), deps);
    const pager = await deliverAlertJob(breachJob(theCase, 'pager'), deps);
    // Assess
    const opening = '2026-03-03T09:00:00.000Z';
    expect([social, pager]).toEqual([
      { outcome: 'deferred', until: opening },
      { outcome: 'deferred', until: opening },
    ]);
    expect(printed).toEqual([]);
    const stored = await harness.deps.store.getCaseDetail(theCase.id);
    expect(stored?.case.deferredAlerts?.map((d) => [d.target, d.until])).toEqual([
      ['social-team', opening],
      ['pager', opening],
    ]);
    const deferred = stored?.audit.filter((a) => a.type === 'alert.deferred') ?? [];
    expect(deferred.map((a) => a.detail?.reason)).toEqual([
      expect.stringMatching(/outside london-office business hours/),
      expect.stringMatching(/outside london-office business hours/),
    ]);
  });

  it('alerts every target, PagerDuty too, for a breach in business hours', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), DAY);
    const theCase = await suppressedBreachedCase(harness, 'day', DAY);
    const { deps, printed } = await deliver(harness, DAY);
    // Act
    const social = await deliverAlertJob(breachJob(theCase, 'social-team'), deps);
    const pager = await deliverAlertJob(breachJob(theCase, 'pager'), deps);
    // Assess
    expect(social).toEqual({ outcome: 'delivered', target: 'social-team' });
    expect(printed.join('\n')).toContain(theCase.id);
    expect(pager).toEqual({ outcome: 'delivered', target: 'pager' });
  });

  it('sends one notice per target for every held-back case, however many of their timers fire at the opening at once', async () => {
    // Prepare: two suppressed cases, each holding alerts to two targets until 09:00
    const harness = await triageHarness(triageConfig(), NIGHT);
    const first = await suppressedBreachedCase(harness, 'first', NIGHT);
    const second = await suppressedBreachedCase(harness, 'second', NIGHT);
    const { deps } = await deliver(harness, NIGHT);
    for (const theCase of [first, second]) {
      await deliverAlertJob(breachJob(theCase, 'social-team'), deps);
      await deliverAlertJob(breachJob(theCase, 'pager'), deps);
    }
    const opening = '2026-03-03T09:00:00.000Z';
    harness.clock.set(opening);
    const releaseDeps = { ...harness.deps, claims: deps.claims };
    // Act: both cases' timers fire together, then one is delivered again later
    const outcomes = await Promise.allSettled([
      releaseDeferredAlerts(deferredTimer(first.id, opening), releaseDeps),
      releaseDeferredAlerts(deferredTimer(second.id, opening), releaseDeps),
    ]);
    const again = await releaseDeferredAlerts(deferredTimer(second.id, opening), releaseDeps);
    // Assess
    const fired = outcomes.filter((o) => o.status === 'fulfilled' && o.value.outcome === 'fired');
    const retried = outcomes.filter((o) => o.status === 'rejected');
    expect(fired).toHaveLength(1);
    expect(retried.every((o) => o.status === 'rejected' && o.reason instanceof ReleaseInProgressError)).toBe(true);
    const notices = harness.alerts.notices.filter((n) => n.kind === 'deferred_alerts');
    expect(notices.map((n) => n.target).sort()).toEqual(['pager', 'social-team']);
    for (const notice of notices) expect(notice.payload.caseIds).toEqual([first.id, second.id].sort());
    expect(again).toEqual({ outcome: 'stale', reason: 'no held-back alerts are due' });
    for (const theCase of [first, second]) {
      const stored = await harness.deps.store.getCaseDetail(theCase.id);
      expect(stored?.case.deferredAlerts ?? []).toEqual([]);
      expect(stored?.audit.filter((a) => a.type === 'alert.released').map((a) => a.detail?.target)).toEqual([
        'social-team',
        'pager',
      ]);
    }
  });

  it('counts a timer that fires a moment before the opening as that opening’s', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), NIGHT);
    const early = await suppressedBreachedCase(harness, 'early', NIGHT);
    const { deps } = await deliver(harness, NIGHT);
    await deliverAlertJob(breachJob(early, 'pager'), deps);
    const opening = '2026-03-03T09:00:00.000Z';
    harness.clock.set('2026-03-03T08:59:59.400Z');
    // Act
    const outcome = await releaseDeferredAlerts(deferredTimer(early.id, opening), {
      ...harness.deps,
      claims: deps.claims,
    });
    // Assess
    expect(outcome).toEqual({ outcome: 'fired', alerts: 1 });
    expect(harness.alerts.notices.map((n) => n.target)).toEqual(['pager']);
  });

  it('sends an alert the first release missed when its own case’s timer fires after it', async () => {
    // Prepare: the opening's release already ran (its claim is done) before this case was held back
    const harness = await triageHarness(triageConfig(), NIGHT);
    const late = await suppressedBreachedCase(harness, 'late', NIGHT);
    const { deps } = await deliver(harness, NIGHT);
    await deliverAlertJob(breachJob(late, 'pager'), deps);
    const opening = '2026-03-03T09:00:00.000Z';
    await deps.claims.claim(`deferred-release:${opening}`, 60);
    await deps.claims.complete(`deferred-release:${opening}`, {});
    harness.clock.set(opening);
    // Act
    const outcome = await releaseDeferredAlerts(deferredTimer(late.id, opening), {
      ...harness.deps,
      claims: deps.claims,
    });
    // Assess
    expect(outcome).toEqual({ outcome: 'fired', alerts: 1 });
    expect(harness.alerts.notices.map((n) => [n.target, n.payload.caseIds])).toEqual([['pager', [late.id]]]);
  });
});
