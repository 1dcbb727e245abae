/**
 * An agent takes a case, or gives it to a colleague, from the console. The audit entry records
 * who did it, when, and the assignee before and after; later alerts name the assignee.
 */
import {
  type ActionOutcome,
  type Actor,
  actorAuditEntry,
  type CaseActionDeps,
  writeCaseChange,
} from './case-actions.ts';

/** Who a case can be assigned to: a console user's name or e-mail, as their sign-in gives it. */
export const ASSIGNEE_PATTERN = /^[^\s<>"'`]{1,120}$/;

export class AssigneeError extends Error {
  readonly field = 'assignee';
}

/** Assigns the case to `assignee`, or unassigns it when `assignee` is empty. */
export const assignCase = (
  caseId: string,
  assignee: string,
  actor: Actor,
  deps: CaseActionDeps,
): Promise<ActionOutcome> => {
  const to = assignee.trim();
  if (to && !ASSIGNEE_PATTERN.test(to)) {
    return Promise.reject(new AssigneeError('assignee: 1 to 120 characters, no spaces, quotes or angle brackets'));
  }
  return writeCaseChange(caseId, deps, (current, now) => {
    const from = current.assignee ?? '';
    if (from === to) return { unchanged: to ? `case is already assigned to ${to}` : 'case is not assigned' };
    const { assignee: _was, ...rest } = current;
    return {
      case: { ...rest, ...(to && { assignee: to }), updatedAt: now, version: current.version + 1 },
      audit: [
        actorAuditEntry(deps, caseId, now, actor, to ? 'case.assigned' : 'case.unassigned', {
          by: actor.who,
          from: from || null,
          to: to || null,
        }),
      ],
      events: [],
      alerts: [],
    };
  });
};
