/**
 * Holding back a suppressed case's alerts at night, and sending them when the suppression
 * calendar opens: one notice per target for every case held back. Every held-back case has a
 * timer at the opening; the first to fire claims the opening (a leased claim), sends the lot and
 * clears it. A timer firing while that runs is retried by its queue; one firing after it sends
 * only what its own case still holds (an alert the first run's index read missed). The notice's
 * delivery marks each alert delivered on its case (deliver-notice.ts), so the audit says
 * deferred, then delivered.
 */
import { VersionConflictError } from '../commons/errors.ts';
import type { SundownConfig } from '../config/schema.ts';
import type { AuditEntry, Case, CaseStatus } from '../domain/case.ts';
import type { AlertJob } from '../domain/escalation.ts';
import type { Timer } from '../domain/sla/types.ts';
import { deferAlert, deferredNotices, deferredTimer, dueDeferred } from '../domain/triage/deferral.ts';
import type { AlertQueue, CaseLister, CaseReader, CaseWriter, Claims, Clock } from '../ports.ts';

export interface DeferredAlertDeps {
  readonly store: CaseReader & CaseWriter & Pick<CaseLister, 'listCases'>;
  readonly clock: Clock;
  readonly config: SundownConfig;
  readonly newId: () => string;
}

const MAX_WRITES = 5;

/** Re-reads and rewrites one case until the write lands; `change` returns undefined for nothing to do. */
const rewrite = async (
  caseId: string,
  deps: DeferredAlertDeps,
  change: (theCase: Case, now: string) => { case: Case; audit: AuditEntry[]; timers?: Timer[] } | undefined,
): Promise<boolean> => {
  for (let write = 1; write <= MAX_WRITES; write++) {
    const theCase = await deps.store.getCase(caseId);
    const now = deps.clock.now().toISOString();
    const planned = theCase && change(theCase, now);
    if (!theCase || !planned) return false;
    try {
      await deps.store.saveCase({
        case: { ...planned.case, updatedAt: now, version: theCase.version + 1 },
        expectedVersion: theCase.version,
        audit: planned.audit,
        ...(planned.timers && { timers: planned.timers }),
      });
      return true;
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
  }
  throw new VersionConflictError(`case ${caseId} kept changing while its deferred alerts were written`);
};

/** An audit entry Sundown itself writes about held-back alerts. */
export const systemEntry = (
  deps: Pick<DeferredAlertDeps, 'newId'>,
  caseId: string,
  now: string,
  type: string,
  detail: Record<string, unknown>,
) => ({
  caseId,
  id: deps.newId(),
  at: now,
  type,
  actor: 'sundown',
  detail,
});

/** Holds the alert on its case until `until`, with a timer then. */
export const holdBackAlert = (job: AlertJob, until: string, reason: string, deps: DeferredAlertDeps) =>
  rewrite(job.caseId, deps, (theCase, now) => {
    const held = deferAlert(theCase, job, until, now);
    if (!held) return undefined;
    const { target, level, round, kind, escalationId, clock } = job;
    const detail = { target, level, round, kind, escalation: escalationId, clock, until, reason };
    return {
      case: held,
      audit: [systemEntry(deps, theCase.id, now, 'alert.deferred', detail)],
      timers: [deferredTimer(theCase.id, until)],
    };
  });

const OPEN_STATUSES: readonly CaseStatus[] = ['open', 'responded', 'waiting_on_customer'];
const MAX_CASES_PER_STATUS = 500;

/** The timer's own case (read strongly) and, unless `ownOnly`, every open case holding alerts. */
const casesHoldingAlerts = async (timer: Timer, deps: DeferredAlertDeps, ownOnly: boolean): Promise<Case[]> => {
  const found = new Map<string, Case>();
  const own = await deps.store.getCase(timer.caseId);
  if (own) found.set(own.id, own);
  if (ownOnly) return [...found.values()];
  for (const status of OPEN_STATUSES) {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await deps.store.listCases({ status, limit: 100, ...(cursor && { cursor }) });
      for (const c of page.items) if (c.deferredAlerts?.length) found.set(c.id, c);
      seen += page.items.length;
      cursor = page.cursor;
    } while (cursor && seen < MAX_CASES_PER_STATUS);
  }
  return [...found.values()];
};

/** A timer of this opening fired while another was sending its notices; SQS retries it later. */
export class ReleaseInProgressError extends Error {}

/** Longer than sending the notices and clearing a few hundred cases takes. */
const RELEASE_LEASE_SECONDS = 120;

/** The suppression calendar opened: send every held-back alert, grouped per target, then clear them. */
export const releaseDeferredAlerts = async (
  timer: Timer,
  deps: DeferredAlertDeps & { readonly alertQueue: AlertQueue; readonly claims: Claims },
): Promise<{ outcome: 'fired'; alerts: number } | { outcome: 'stale'; reason: string }> => {
  const key = `deferred-release:${timer.dueAt}`;
  const claim = await deps.claims.claim(key, RELEASE_LEASE_SECONDS);
  if (claim === 'busy') throw new ReleaseInProgressError(`the alerts held back until ${timer.dueAt} are being sent`);
  if (claim === 'done') return release(timer, deps, true);
  try {
    const outcome = await release(timer, deps, false);
    // A run that found nothing gives the opening back: a later timer of it may find what this one missed.
    if (outcome.outcome === 'stale') await deps.claims.release(key);
    else await deps.claims.complete(key, { released: deps.clock.now().toISOString(), ...outcome });
    return outcome;
  } catch (error) {
    await deps.claims.release(key);
    throw error;
  }
};

const release = async (
  timer: Timer,
  deps: DeferredAlertDeps & { readonly alertQueue: AlertQueue },
  ownOnly: boolean,
): Promise<{ outcome: 'fired'; alerts: number } | { outcome: 'stale'; reason: string }> => {
  // A timer handed over with a whole-second delay may fire a moment before its opening: it is that opening's.
  const clockNow = deps.clock.now().toISOString();
  const now = clockNow < timer.dueAt ? timer.dueAt : clockNow;
  const cases = await casesHoldingAlerts(timer, deps, ownOnly);
  const notices = deferredNotices(cases, now);
  const releasing = cases.filter((c) => {
    const { due, moot } = dueDeferred(c, now);
    return due.length + moot.length > 0;
  });
  if (releasing.length === 0) return { outcome: 'stale', reason: 'no held-back alerts are due' };
  // Queued first: a crash before the cases are cleared sends the same notices again (deduplicated), never none.
  if (notices.length > 0) await deps.alertQueue.sendNotices(notices);
  for (const theCase of releasing) {
    await rewrite(theCase.id, deps, (current, at) => {
      const { due, moot } = dueDeferred(current, now);
      if (due.length + moot.length === 0) return undefined;
      const done = new Set([...due, ...moot].map((d) => d.alertId));
      const audit = [
        ...due.map((d) =>
          systemEntry(deps, current.id, at, 'alert.released', {
            target: d.target,
            level: d.level,
            round: d.round,
            notice: notices.find((n) => n.target === d.target)?.noticeId,
          }),
        ),
        ...moot.map((d) =>
          systemEntry(deps, current.id, at, 'alert.not_needed', { target: d.target, reason: 'escalation ended' }),
        ),
      ];
      return {
        case: { ...current, deferredAlerts: (current.deferredAlerts ?? []).filter((d) => !done.has(d.alertId)) },
        audit,
      };
    });
  }
  return { outcome: 'fired', alerts: notices.length };
};
