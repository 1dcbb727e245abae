/**
 * The SLA step every case write goes through: reconcile the clocks with the case as it will be
 * stored, end the escalations whose clock stopped (the brand answered, or the case was
 * resolved), and list the deadlines the due-time index must hold.
 */
import type { SundownConfig } from '../config/schema.ts';
import type { AuditEntry, Case, Escalation } from '../domain/case.ts';
import { type AlertJob, endEscalations } from '../domain/escalation.ts';
import { dueTimers, reconcileSla } from '../domain/sla/index.ts';
import type { Timer } from '../domain/sla/types.ts';

export interface SlaStep {
  readonly case: Case;
  readonly audit: readonly AuditEntry[];
  /** Paging tools to tell that a breach is over. */
  readonly notices: readonly AlertJob[];
  readonly timers: readonly Timer[];
}

/** An escalation stays open only while its clock run is still running. */
const clockRunOver = (theCase: Case) => (escalation: Escalation) => {
  const clock = theCase.sla?.clocks[escalation.clock];
  const generation = Number(escalation.id.split(':')[1]);
  return !clock || clock.generation !== generation || clock.state !== 'running';
};

export const applySla = (
  before: Case | undefined,
  after: Case,
  ctx: { readonly now: string; readonly config: SundownConfig; readonly newId: () => string },
): SlaStep => {
  const { now, config, newId } = ctx;
  const reconciled = reconcileSla({ before, after, now, config });
  const { sla: _previous, ...withoutSla } = after;
  let next: Case = reconciled.sla ? { ...withoutSla, sla: reconciled.sla } : withoutSla;
  const audit: AuditEntry[] = reconciled.changes.map((change) => ({
    caseId: after.id,
    id: newId(),
    at: now,
    type: change.type,
    actor: 'sundown',
    detail: { ...(change.clock && { clock: change.clock }), ...change.detail },
  }));
  const reason = next.status === 'resolved' ? 'resolved' : 'answered';
  const ended = endEscalations(next, config.escalationChains, reason, now, clockRunOver(next));
  if (ended.ended.length > 0) {
    next = { ...next, escalations: ended.escalations };
    for (const escalation of ended.ended) {
      audit.push({
        caseId: after.id,
        id: newId(),
        at: now,
        type: 'escalation.ended',
        actor: 'sundown',
        detail: { escalation: escalation.id, reason, level: escalation.level, round: escalation.round },
      });
    }
  }
  return { case: next, audit, notices: ended.notices, timers: next.sla ? dueTimers(next.id, next.sla) : [] };
};
