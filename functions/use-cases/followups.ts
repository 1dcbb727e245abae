import { SundownError } from '../commons/errors.ts';
import type { Case, FollowUp } from '../domain/case.ts';
import { closed, nextSeq, plusDuration, replaceFollowUp, withFollowUp } from '../domain/followups/follow-ups.ts';
import {
  type ActionOutcome,
  type Actor,
  actorAuditEntry,
  type CaseActionDeps,
  type CaseChange,
  writeCaseChange,
} from './case-actions.ts';
import type { CaseViewStore } from './read-cases.ts';
import { applySla } from './sla-step.ts';
import type { TimerDispatch } from './timer-dispatch.ts';

export interface FollowUpDeps extends CaseActionDeps, TimerDispatch {
  /** A hand-off package carries the customer and their other cases. */
  readonly store: CaseActionDeps['store'] & CaseViewStore;
  /** Where the signed case-page link in a hand-off package points. */
  readonly baseUrl: string;
  readonly linkSecret: () => Promise<string>;
  /** The case's link epoch, signed into its links (revoking bumps it). @default 0 */
  readonly linkEpoch?: (caseId: string) => Promise<number>;
}

/** A request names something that does not exist or is malformed: the caller answers 4xx naming `field`. */
export class FollowUpRequestError extends SundownError {
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(`${field}: ${message}`);
  }
}

export interface FollowUpRequest {
  readonly kind: 'promise' | 'checkback';
  readonly description: string;
  /** Either an instant (ISO 8601) or a duration from now (ISO 8601, e.g. PT2H). */
  readonly dueAt?: string;
  readonly within?: string;
  readonly department?: string;
  /** Promises: the brand's next outbound message keeps it. */
  readonly keptByReply?: boolean;
  readonly who: string;
  readonly via: string;
}

/** A follow-up change before the SLA step: the alerts and timers come from that step. */
export type Planned = Omit<CaseChange, 'alerts' | 'timers' | 'cancelledTimers'>;

/** Applies a follow-up change with the SLA step, retrying on write conflicts, then sends what follows. */
export const writeFollowUps = (
  caseId: string,
  deps: FollowUpDeps,
  change: (current: Case, now: string) => Planned | { readonly unchanged: string },
): Promise<ActionOutcome> =>
  writeCaseChange(caseId, deps, (current, now) => {
    const planned = change(current, now);
    if ('unchanged' in planned) return planned;
    const step = applySla(current, planned.case, { now, config: deps.config, newId: deps.newId });
    return {
      case: step.case,
      audit: [...planned.audit, ...step.audit],
      events: planned.events,
      alerts: step.notices,
      timers: step.timers,
      cancelledTimers: step.cancelled,
      ...(planned.notices && { notices: planned.notices }),
    };
  });

export const knownDepartment = (deps: Pick<FollowUpDeps, 'config'>, department: string | undefined): void => {
  if (department === undefined || department in deps.config.departments) return;
  const known = Object.keys(deps.config.departments).join(', ') || 'none configured';
  throw new FollowUpRequestError('department', `unknown department "${department}" (known: ${known})`);
};

const dueAtOf = (request: Pick<FollowUpRequest, 'dueAt' | 'within'>, now: string): string => {
  if (request.dueAt !== undefined && request.within !== undefined) {
    throw new FollowUpRequestError('dueAt', 'give dueAt or within, not both');
  }
  if (request.within !== undefined) return plusDuration(now, request.within);
  if (request.dueAt === undefined) throw new FollowUpRequestError('dueAt', 'give dueAt (ISO 8601) or within (PT2H)');
  return new Date(request.dueAt).toISOString();
};

/** Records a promise or a check-back: a deadline that escalates (promise) or reminds (check-back). */
export const recordFollowUp = async (
  caseId: string,
  request: FollowUpRequest,
  deps: FollowUpDeps,
): Promise<ActionOutcome> => {
  knownDepartment(deps, request.department);
  const actor = { who: request.who, via: request.via };
  return writeFollowUps(caseId, deps, (current, now) => {
    const followUp: FollowUp = {
      id: deps.newId(),
      seq: nextSeq(current),
      kind: request.kind,
      description: request.description,
      ...(request.department && { department: request.department }),
      dueAt: dueAtOf(request, now),
      createdAt: now,
      createdBy: request.who,
      status: 'open',
      ...(request.kind === 'promise' && request.keptByReply && { keptByReply: true }),
    };
    const detail = {
      followUp: followUp.id,
      kind: followUp.kind,
      description: followUp.description,
      dueAt: followUp.dueAt,
    };
    return {
      case: withFollowUp(current, followUp, now),
      audit: [actorAuditEntry(deps, current.id, now, actor, 'followup.recorded', detail)],
      events: [],
    };
  });
};

/** Someone kept a follow-up (a hand-off acknowledged, a promise done) or cancelled it; a running escalation ends. */
export const closeFollowUp = (
  caseId: string,
  followUpId: string,
  status: 'kept' | 'cancelled',
  actor: Actor,
  deps: FollowUpDeps,
): Promise<ActionOutcome> =>
  writeFollowUps(caseId, deps, (current, now) => {
    const followUp = current.followUps?.find((f) => f.id === followUpId);
    if (!followUp) throw new FollowUpRequestError('followUpId', `case ${caseId} has no follow-up ${followUpId}`, 404);
    if (followUp.status !== 'open' && followUp.status !== 'missed') {
      return { unchanged: `follow-up ${followUpId} is already ${followUp.status}` };
    }
    const done = closed(followUp, status, now, actor.who);
    return {
      case: {
        ...current,
        followUps: replaceFollowUp(current.followUps ?? [], done),
        updatedAt: now,
        version: current.version + 1,
      },
      audit: [
        actorAuditEntry(deps, current.id, now, actor, `followup.${status}`, {
          followUp: followUp.id,
          kind: followUp.kind,
          previousStatus: followUp.status,
        }),
      ],
      events: [],
    };
  });
