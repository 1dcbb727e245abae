/**
 * Lifting a case's suppression from the case page, on the in-memory adapters with a fixed clock: the
 * alerts it held back at night go out now through the alert worker instead of at the opening,
 * the audit says who lifted it and from what, and lifting an unsuppressed case changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { deferredTimer } from '../../functions/domain/triage/deferral.ts';
import { releaseDeferredAlerts } from '../../functions/use-cases/deferred-alerts.ts';
import { type DeliverDeps, deliverAlertJob } from '../../functions/use-cases/deliver-alert.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { liftSuppression } from '../../functions/use-cases/lift-suppression.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { deliveryPorts } from '../support/delivery-ports.ts';
import { MemoryClaims } from '../support/fakes/memory-claims.ts';
import {
  breachJob,
  customerMessage,
  suppressedBreachedCase,
  type TriageHarness,
  triageHarness,
} from './triage-support.ts';

/** Monday 2 March 2026 in London (GMT): after hours; the suppression calendar opens at 09:00. */
const NIGHT = '2026-03-02T23:00:00.000Z';
const LIFTED = '2026-03-02T23:10:00.000Z';
const OPENING = '2026-03-03T09:00:00.000Z';
const ANN = { who: 'ann', via: 'page' };

/** The alert worker's dependencies, printing console alerts and accepting every PagerDuty call. */
const worker = async (harness: TriageHarness) => {
  const printed: string[] = [];
  const deps: DeliverDeps = {
    store: harness.deps.store,
    claims: new MemoryClaims(harness.clock),
    clock: harness.clock,
    config: harness.deps.config,
    newId: harness.deps.newId,
    ...deliveryPorts(harness.deps.config, harness.clock, {
      secrets: async () => 'routing-key',
      log: (line: string) => printed.push(line),
      fetch: async () => new Response('{}', { status: 202 }),
    }),
  };
  return { deps, printed };
};

/** A case that held back its breach alerts to both targets at night. */
const heldBack = async (id: string) => {
  const harness = await triageHarness(triageConfig(), NIGHT);
  const theCase = await suppressedBreachedCase(harness, id, NIGHT);
  const alertWorker = await worker(harness);
  for (const target of ['social-team', 'pager']) {
    expect(await deliverAlertJob(breachJob(theCase, target), alertWorker.deps)).toEqual({
      outcome: 'deferred',
      until: OPENING,
    });
  }
  harness.clock.set(LIFTED);
  return { harness, theCase, ...alertWorker };
};

describe('lifting a case’s suppression', () => {
  it('sends the alerts held back at night now, and the alert worker delivers them although it is still night', async () => {
    // Prepare
    const { harness, theCase, deps, printed } = await heldBack('lifted');
    const reason = theCase.suppressed?.reason;
    // Act
    const outcome = await liftSuppression(theCase.id, ANN, { ...harness.deps, alertQueue: harness.alerts });
    const delivered = [];
    for (const sent of harness.alerts.jobs) delivered.push(await deliverAlertJob(sent, deps));
    // Assess
    expect(outcome.outcome).toBe('done');
    expect(harness.alerts.jobs.map((j) => [j.target, j.kind, j.level])).toEqual([
      ['social-team', 'breach', 1],
      ['pager', 'breach', 1],
    ]);
    expect(delivered).toEqual([
      { outcome: 'delivered', target: 'social-team' },
      { outcome: 'delivered', target: 'pager' },
    ]);
    expect(printed.join('\n')).toContain(theCase.id);
    const stored = await harness.deps.store.getCaseDetail(theCase.id);
    expect(stored?.case.suppressed).toBeUndefined();
    expect(stored?.case.deferredAlerts ?? []).toEqual([]);
    const lifted = stored?.audit.filter((a) => a.type === 'case.unsuppressed') ?? [];
    expect(lifted.map((a) => [a.actor, a.detail])).toEqual([
      ['page:ann', { via: 'page', reason: 'lifted on the case page', by: 'ann', was: reason }],
    ]);
    const released = stored?.audit.filter((a) => a.type === 'alert.released') ?? [];
    expect(released.map((a) => a.detail?.target)).toEqual(['social-team', 'pager']);
    const deliveries = stored?.case.escalations?.[0]?.deliveries ?? [];
    expect(deliveries.map((d) => [d.target, d.state])).toEqual([
      ['social-team', 'delivered'],
      ['pager', 'delivered'],
    ]);
  });

  it('keeps the case suppressed with its held-back alerts when the alert queue refuses them', async () => {
    // Prepare
    const { harness, theCase } = await heldBack('queue-down');
    const down = {
      send: async () => {
        throw new Error('alert queue unavailable');
      },
      sendNotices: async () => undefined,
    };
    // Act
    const lifting = liftSuppression(theCase.id, ANN, { ...harness.deps, alertQueue: down });
    // Assess: nothing was lost; lifting again later sends them
    await expect(lifting).rejects.toThrow('alert queue unavailable');
    const stored = await harness.deps.store.getCase(theCase.id);
    expect(stored?.suppressed).toEqual(theCase.suppressed);
    expect(stored?.deferredAlerts?.map((d) => d.target)).toEqual(['social-team', 'pager']);
    const again = await liftSuppression(theCase.id, ANN, { ...harness.deps, alertQueue: harness.alerts });
    expect(again.outcome).toBe('done');
    expect(harness.alerts.jobs.map((j) => j.target)).toEqual(['social-team', 'pager']);
  });

  it('leaves nothing for the calendar’s opening to send again', async () => {
    // Prepare
    const { harness, theCase, deps } = await heldBack('opening');
    await liftSuppression(theCase.id, ANN, { ...harness.deps, alertQueue: harness.alerts });
    harness.clock.set(OPENING);
    // Act
    const opening = await releaseDeferredAlerts(deferredTimer(theCase.id, OPENING), {
      ...harness.deps,
      alertQueue: harness.alerts,
      claims: deps.claims,
    });
    // Assess
    expect(opening).toEqual({ outcome: 'stale', reason: 'no held-back alerts are due' });
    expect(harness.alerts.notices).toEqual([]);
  });

  it('sends no alert held back for an escalation that has ended since, and says so', async () => {
    // Prepare: the escalation ended after its alerts were held back
    const { harness, theCase } = await heldBack('ended');
    const current = await harness.deps.store.getCase(theCase.id);
    if (!current) throw new Error('case vanished');
    const escalations = current.escalations?.map((e) => ({ ...e, endedAt: LIFTED, endReason: 'answered' as const }));
    await harness.deps.store.saveCase({
      case: { ...current, escalations, version: current.version + 1 },
      expectedVersion: current.version,
    });
    // Act
    const outcome = await liftSuppression(theCase.id, ANN, { ...harness.deps, alertQueue: harness.alerts });
    // Assess
    expect(outcome.outcome).toBe('done');
    expect(harness.alerts.jobs).toEqual([]);
    const stored = await harness.deps.store.getCaseDetail(theCase.id);
    expect(stored?.case.deferredAlerts ?? []).toEqual([]);
    expect(stored?.audit.filter((a) => a.type === 'alert.not_needed').map((a) => a.detail?.target)).toEqual([
      'social-team',
      'pager',
    ]);
  });

  it('changes nothing on a case that is not suppressed, and says why', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), NIGHT);
    const ingested = await ingestInboundEvent(customerMessage('civil', NIGHT, 'where is my parcel?'), harness.deps);
    const before = await harness.deps.store.getCaseDetail(ingested.caseId ?? '');
    // Act
    const outcome = await liftSuppression(ingested.caseId ?? '', ANN, { ...harness.deps, alertQueue: harness.alerts });
    // Assess
    expect(outcome).toMatchObject({ outcome: 'unchanged', reason: 'case is not suppressed' });
    const after = await harness.deps.store.getCaseDetail(ingested.caseId ?? '');
    expect(after?.case.version).toBe(before?.case.version);
    expect(after?.audit).toHaveLength(before?.audit.length ?? -1);
    expect(harness.alerts.jobs).toEqual([]);
  });

  it('reports a case that does not exist', async () => {
    const harness = await triageHarness(triageConfig(), NIGHT);

    const outcome = await liftSuppression('no-such-case', ANN, { ...harness.deps, alertQueue: harness.alerts });

    expect(outcome).toEqual({ outcome: 'not_found' });
  });
});
