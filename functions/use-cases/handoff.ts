/**
 * Hand-off with full context: the case goes to another department with a package holding the whole
 * cross-channel story, the hand-off is recorded as a follow-up the department must acknowledge
 * within `acknowledgeWithin`, and one that nobody acknowledges escalates like any other deadline.
 */
import { linkExpiry } from '../alerts/case-links.ts';
import { signLink } from '../alerts/links.ts';
import type { Case, FollowUp } from '../domain/case.ts';
import { nextSeq, plusDuration, withFollowUp } from '../domain/followups/follow-ups.ts';
import { handoffPackage, handoffText } from '../domain/followups/handoff-package.ts';
import type { Notice } from '../domain/queue-messages.ts';
import type { ActionOutcome } from './case-actions.ts';
import { actorAuditEntry } from './case-actions.ts';
import { type FollowUpDeps, knownDepartment, writeFollowUps } from './followups.ts';

export type { FollowUpDeps } from './followups.ts';

export interface HandoffRequest {
  readonly department: string;
  readonly note?: string;
  readonly who: string;
  readonly via: string;
}

const packageNotices = async (saved: Case, followUp: FollowUp, request: HandoffRequest, deps: FollowUpDeps) => {
  const detail = await deps.store.getCaseDetail(saved.id);
  if (!detail) return [];
  const [customer, otherCases] = await Promise.all([
    deps.store.getCustomer(saved.customerId),
    deps.store.listCustomerCases(saved.customerId, 20),
  ]);
  const expiresAt = linkExpiry(new Date(followUp.createdAt), deps.config.alerts.linkTtl);
  const caseUrl = signLink({
    baseUrl: deps.baseUrl,
    caseId: saved.id,
    action: 'view',
    audience: 'handoff',
    epoch: (await deps.linkEpoch?.(saved.id)) ?? 0,
    expiresAt,
    secret: await deps.linkSecret(),
  });
  const input = {
    detail,
    ...(customer && { customer }),
    otherCases,
    followUp,
    who: request.who,
    via: request.via,
    caseUrl,
  };
  const payload = handoffPackage(input);
  const text = handoffText(input);
  const targets = deps.config.departments[request.department]?.notify ?? [];
  return targets.map(
    (target): Notice => ({
      noticeId: `${saved.id}-handoff-${followUp.seq ?? 0}`,
      target,
      kind: 'handoff',
      title: `Hand-off to ${request.department}: ${saved.subject || `case ${saved.id}`}`,
      text,
      caseId: saved.id,
      links: [{ label: 'Open the case', url: caseUrl }],
      payload: { ...payload },
    }),
  );
};

export const handOffCase = async (
  caseId: string,
  request: HandoffRequest,
  deps: FollowUpDeps,
): Promise<ActionOutcome> => {
  knownDepartment(deps, request.department);
  const department = deps.config.departments[request.department];
  const actor = { who: request.who, via: request.via };
  return writeFollowUps(caseId, deps, (current, now) => {
    if (current.status === 'resolved') return { unchanged: 'case is resolved: reopen it before handing it off' };
    const followUp: FollowUp = {
      id: deps.newId(),
      seq: nextSeq(current),
      kind: 'handoff',
      description: `Hand-off to ${request.department}${request.note ? `: ${request.note}` : ''}`,
      department: request.department,
      ...(request.note && { note: request.note }),
      dueAt: plusDuration(now, department?.acknowledgeWithin ?? 'PT1H'),
      createdAt: now,
      createdBy: request.who,
      status: 'open',
    };
    const detail = {
      department: request.department,
      note: request.note,
      followUp: followUp.id,
      acknowledgeBy: followUp.dueAt,
    };
    return {
      case: withFollowUp(current, followUp, now),
      audit: [actorAuditEntry(deps, current.id, now, actor, 'case.handed_off', detail)],
      events: [
        {
          id: deps.newId(),
          type: 'CaseHandedOff',
          version: 1,
          caseId,
          at: now,
          detail: { brand: current.brand, by: request.who, ...detail },
        },
      ],
      notices: (saved) => packageNotices(saved, followUp, request, deps),
    };
  });
};
