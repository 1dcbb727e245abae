/**
 * The SLA step every case write goes through: reconcile the clocks with the case as it will be
 * stored, end the escalations whose clock stopped (the brand answered, or the case was
 * resolved), and list the deadlines the due-time index must hold and those it no longer needs.
 */
import type { SundownConfig } from '../config/schema.ts';
import type { AuditEntry, Case, Escalation, Message } from '../domain/case.ts';
import { type AlertJob, endEscalations, nextEscalationTimer } from '../domain/escalation.ts';
import { followUpTimers } from '../domain/followups/follow-ups.ts';
import { reconcileFollowUps } from '../domain/followups/reconcile.ts';
import { dueTimers, reconcileSla } from '../domain/sla/index.ts';
import type { Timer } from '../domain/sla/types.ts';

export interface SlaStep {
  readonly case: Case;
  readonly audit: readonly AuditEntry[];
  /** Paging tools to tell that a breach is over. */
  readonly notices: readonly AlertJob[];
  /** Deadlines to put in the index: those the case held before this write are there already. */
  readonly timers: readonly Timer[];
  /** Deadlines the case held before this write and no longer does: the index drops them unqueued. */
  readonly cancelled: readonly Timer[];
}

/**
 * An escalation stays open only while its clock run is still running; a missed follow-up's
 * escalation, while the follow-up stays missed and the case unresolved.
 */
const clockRunOver = (theCase: Case) => (escalation: Escalation) => {
  if (escalation.clock === 'followUp') {
    const followUp = theCase.followUps?.find((f) => f.id === escalation.followUpId);
    return theCase.status === 'resolved' || followUp?.status !== 'missed';
  }
  const clock = theCase.sla?.clocks[escalation.clock];
  const generation = Number(escalation.id.split(':')[1]);
  return !clock || clock.generation !== generation || clock.state !== 'running';
};

/** Every deadline a case waits for: its running clocks, open follow-ups and open escalations' next steps. */
const pendingTimers = (theCase: Case, chains: SundownConfig['escalationChains']): Timer[] => [
  ...(theCase.sla ? dueTimers(theCase.id, theCase.sla) : []),
  ...followUpTimers(theCase),
  ...(theCase.escalations ?? []).flatMap((escalation) => {
    const chain = chains[escalation.chain];
    const generation = Number(escalation.id.split(':')[1] ?? 0);
    const next = chain && nextEscalationTimer(theCase, escalation, chain, generation);
    return next ? [next] : [];
  }),
];

/** The index keys a timer by its due time and key: a moved deadline is another item. */
const indexKey = (timer: Timer) => `${timer.dueAt}#${timer.key}`;

export const applySla = (
  before: Case | undefined,
  changed: Case,
  ctx: {
    readonly now: string;
    readonly config: SundownConfig;
    readonly newId: () => string;
    /** The message this write stores: it opens, moves or keeps reply windows and promises. */
    readonly message?: Message;
  },
): SlaStep => {
  const { now, config, newId } = ctx;
  const message = ctx.message && { message: ctx.message };
  const followed = reconcileFollowUps({ before, after: changed, now, config, newId, ...message });
  const after: Case = followed.followUps ? { ...changed, followUps: followed.followUps } : changed;
  const reconciled = reconcileSla({ before, after, now, config });
  const { sla: _previous, ...withoutSla } = after;
  let next: Case = reconciled.sla ? { ...withoutSla, sla: reconciled.sla } : withoutSla;
  const audit: AuditEntry[] = [
    ...followed.changes.map((change) => ({
      caseId: after.id,
      id: newId(),
      at: now,
      type: change.type,
      actor: 'sundown',
      detail: change.detail,
    })),
    ...reconciled.changes.map((change) => ({
      caseId: after.id,
      id: newId(),
      at: now,
      type: change.type,
      actor: 'sundown',
      detail: { ...(change.clock && { clock: change.clock }), ...change.detail },
    })),
  ];
  const reason = next.status === 'resolved' ? 'resolved' : 'answered';
  const ended = endEscalations(next, config.escalationChains, reason, now, clockRunOver(next));
  if (ended.changed) next = { ...next, escalations: ended.escalations };
  if (ended.ended.length > 0) {
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
  const setAt = { setAt: now };
  const held = before ? pendingTimers(before, config.escalationChains) : [];
  // A timer's key and due time say all it holds: one the case already held was put by the write that set it.
  const indexed = new Set(held.map(indexKey));
  const timers = [...(next.sla ? dueTimers(next.id, next.sla) : []), ...followUpTimers(next)]
    .filter((timer) => !indexed.has(indexKey(timer)))
    .map((timer) => ({ ...timer, ...setAt }));
  const stillPending = new Set(pendingTimers(next, config.escalationChains).map(indexKey));
  const cancelled = held.filter((timer) => !stillPending.has(indexKey(timer)));
  return { case: next, audit, notices: ended.notices, timers, cancelled };
};
