/**
 * Lifting a case's suppression from the case page: someone who read the case judged it real.
 * The alerts it held back outside business hours go out now as alert jobs, not at the calendar's
 * opening; the alert worker lets them through because the case is no longer suppressed, and
 * still skips one whose escalation was acknowledged or ended in the meantime.
 */
import { liftedDeferred } from '../domain/triage/deferral.ts';
import {
  type ActionOutcome,
  type Actor,
  actorAuditEntry,
  type CaseActionDeps,
  writeCaseChange,
} from './case-actions.ts';
import { systemEntry } from './deferred-alerts.ts';

export const liftSuppression = (caseId: string, actor: Actor, deps: CaseActionDeps): Promise<ActionOutcome> =>
  writeCaseChange(caseId, deps, (current, now) => {
    if (!current.suppressed) return { unchanged: 'case is not suppressed' };
    const { suppressed, deferredAlerts: _held, ...rest } = current;
    const { jobs, released, moot } = liftedDeferred(current);
    const system = (type: string, detail: Record<string, unknown>) => systemEntry(deps, caseId, now, type, detail);
    return {
      case: { ...rest, updatedAt: now, version: current.version + 1 },
      audit: [
        actorAuditEntry(deps, caseId, now, actor, 'case.unsuppressed', {
          reason: 'lifted on the case page',
          by: actor.who,
          was: suppressed.reason,
        }),
        ...released.map((d, i) =>
          system('alert.released', {
            target: d.target,
            level: d.level,
            round: d.round,
            alert: jobs[i]?.alertId,
            reason: 'suppression lifted',
          }),
        ),
        ...moot.map((d) => system('alert.not_needed', { target: d.target, reason: 'escalation ended' })),
      ],
      events: [],
      alerts: jobs,
      // The write takes the held-back alerts off the case: they are queued first, so none is lost.
      alertsBeforeWrite: true,
    };
  });
