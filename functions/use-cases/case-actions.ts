/**
 * What on-call people do from an alert: acknowledge (the chain stops for that breach) or
 * resolve (every clock stops, every chain ends, paging tools are told). Both are retried on
 * write conflicts and are safe to repeat: a second acknowledgement changes nothing.
 */

import { describeTarget } from '../alerts/notifier.ts';
import { VersionConflictError } from '../commons/errors.ts';
import type { SundownConfig } from '../config/schema.ts';
import type { AuditEntry, Case, Escalation } from '../domain/case.ts';
import { acknowledgeEscalations, acknowledgementJobs } from '../domain/escalation.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { Notice } from '../domain/queue-messages.ts';
import type { Timer } from '../domain/sla/types.ts';
import type { AlertQueue, CaseReader, CaseWriter, Clock } from '../ports.ts';
import { type PublishDeps, publishStored } from './publish-stored.ts';
import { applySla } from './sla-step.ts';
import { settleTimers, type TimerDispatch } from './timer-dispatch.ts';

export interface CaseActionDeps extends TimerDispatch, PublishDeps {
  readonly store: CaseReader & CaseWriter;
  readonly alertQueue: AlertQueue;
  readonly clock: Clock;
  readonly config: SundownConfig;
  readonly newId: () => string;
}

export interface Actor {
  /** Who acted, as the channel names them (Slack user, PagerDuty agent, signed-link holder). */
  readonly who: string;
  /** slack, pagerduty, link, api. */
  readonly via: string;
}

export type ActionOutcome =
  | { readonly outcome: 'done'; readonly case: Case }
  | { readonly outcome: 'unchanged'; readonly case: Case; readonly reason: string }
  | { readonly outcome: 'not_found' };

const MAX_ATTEMPTS = 10;

export interface CaseChange {
  readonly case: Case;
  readonly audit: readonly AuditEntry[];
  readonly events: readonly DomainEvent[];
  readonly alerts: Parameters<AlertQueue['send']>[0];
  /** Deadlines the change asks for (a check-back after resolution). */
  readonly timers?: readonly Timer[];
  /** Deadlines the change ended (a resolution): dropped from the due-time index after the write. */
  readonly cancelledTimers?: readonly Timer[];
  /** Notices built after the write, from the case as stored. */
  readonly notices?: (saved: Case) => Promise<readonly Notice[]>;
  /**
   * Queue the alerts before the write, for alerts the write takes off the case (released ones):
   * a failed send then leaves them on the case. A worker that sees the case before the write
   * holds them back again, and the write, finding a new version, plans again.
   */
  readonly alertsBeforeWrite?: boolean;
}

/**
 * Writes one change to a case, retrying it on the latest version when another writer got
 * there first, then sends what follows from it: alerts, notices, near deadlines, events.
 */
export const writeCaseChange = async (
  caseId: string,
  deps: CaseActionDeps,
  change: (current: Case, now: string) => CaseChange | { readonly unchanged: string },
): Promise<ActionOutcome> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await deps.store.getCase(caseId);
    if (!current) return { outcome: 'not_found' };
    const now = deps.clock.now().toISOString();
    const planned = change(current, now);
    if ('unchanged' in planned) return { outcome: 'unchanged', case: current, reason: planned.unchanged };
    if (planned.alertsBeforeWrite && planned.alerts.length > 0) await deps.alertQueue.send(planned.alerts);
    try {
      await deps.store.saveCase({
        case: planned.case,
        expectedVersion: current.version,
        audit: planned.audit,
        ...(planned.timers?.length && { timers: planned.timers }),
        events: planned.events,
      });
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
    if (!planned.alertsBeforeWrite && planned.alerts.length > 0) await deps.alertQueue.send(planned.alerts);
    const notices = planned.notices ? await planned.notices(planned.case) : [];
    if (notices.length > 0) await deps.alertQueue.sendNotices(notices);
    await settleTimers({ timers: planned.timers ?? [], cancelled: planned.cancelledTimers ?? [] }, deps);
    await publishStored(planned.events, deps);
    return { outcome: 'done', case: planned.case };
  }
  throw new VersionConflictError(`case ${caseId} kept changing`);
};

/** Paging targets hear of an acknowledgement made elsewhere; one made in a target is not echoed back to its kind. */
const pagingAcknowledgements = (
  current: Case,
  acknowledged: readonly Escalation[],
  actor: Actor,
  deps: CaseActionDeps,
) => {
  const pagesElsewhere = (name: string) => {
    const target = describeTarget(deps.config.targets, name);
    return target?.capabilities.pages === true && target.kind !== actor.via;
  };
  return acknowledged.flatMap((escalation) => {
    const chain = deps.config.escalationChains[escalation.chain];
    if (!chain) return [];
    return acknowledgementJobs(current, escalation, chain).filter((job) => pagesElsewhere(job.target));
  });
};

/** An audit entry for something a person did, naming them and the channel they used. */
export const actorAuditEntry = (
  deps: Pick<CaseActionDeps, 'newId'>,
  caseId: string,
  now: string,
  actor: Actor,
  type: string,
  detail: Readonly<Record<string, unknown>> = {},
): AuditEntry => ({
  caseId,
  id: deps.newId(),
  at: now,
  type,
  actor: `${actor.via}:${actor.who}`,
  detail: { via: actor.via, ...detail },
});

export const acknowledgeCase = (
  caseId: string,
  actor: Actor,
  deps: CaseActionDeps,
  escalationId?: string,
): Promise<ActionOutcome> =>
  writeCaseChange(caseId, deps, (current, now) => {
    const { escalations, acknowledged, timers } = acknowledgeEscalations(
      current,
      actor.who,
      now,
      escalationId,
      deps.config.escalationChains,
    );
    if (acknowledged.length === 0) return { unchanged: 'nothing to acknowledge: no escalation is running' };
    const ids = acknowledged.map((e) => e.id);
    return {
      case: { ...current, escalations, updatedAt: now, version: current.version + 1 },
      audit: [actorAuditEntry(deps, caseId, now, actor, 'escalation.acknowledged', { escalations: ids })],
      events: [
        {
          id: deps.newId(),
          type: 'CaseAcknowledged',
          version: 1,
          caseId,
          at: now,
          detail: { brand: current.brand, by: actor.who, escalations: ids },
        },
      ],
      alerts: pagingAcknowledgements(current, acknowledged, actor, deps),
      timers,
    };
  });

export const resolveCase = (caseId: string, actor: Actor, deps: CaseActionDeps): Promise<ActionOutcome> =>
  writeCaseChange(caseId, deps, (current, now) => {
    if (current.status === 'resolved') return { unchanged: 'case is already resolved' };
    const resolved: Case = {
      ...current,
      status: 'resolved',
      statusChangedAt: now,
      resolvedAt: now,
      updatedAt: now,
      version: current.version + 1,
    };
    const step = applySla(current, resolved, { now, config: deps.config, newId: deps.newId });
    return {
      case: step.case,
      audit: [actorAuditEntry(deps, caseId, now, actor, 'case.resolved'), ...step.audit],
      events: [
        {
          id: deps.newId(),
          type: 'CaseResolved',
          version: 1,
          caseId,
          at: now,
          detail: { brand: current.brand, by: actor.who },
        },
      ],
      alerts: step.notices,
      timers: step.timers,
      cancelledTimers: step.cancelled,
    };
  });
