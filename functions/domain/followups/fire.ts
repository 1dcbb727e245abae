/**
 * What a follow-up's timer does when it fires: a reply window warns the social team before it
 * closes and is marked missed when it closes unanswered; a hand-off or promise not kept by its
 * deadline is marked missed and escalates through the department's chain (else the SLA policy's);
 * a check-back reminds the social team. Pure: the timer worker stores and sends the result.
 */
import { DateTime } from 'luxon';
import type { Case, Escalation, FollowUp } from '../case.ts';
import { type AlertJob, openEscalation } from '../escalation.ts';
import type { DomainConfig, EscalationChain } from '../policies.ts';
import type { Notice } from '../queue-messages.ts';
import { selectPolicy } from '../sla/policy.ts';
import type { Timer } from '../sla/types.ts';
import { closed, currentFollowUp, FOLLOW_UP_CLOCK, replaceFollowUp, seqOf } from './follow-ups.ts';
import { channelName } from './reconcile.ts';

export interface FollowUpEffect {
  readonly case: Case;
  readonly audit: readonly { readonly type: string; readonly detail: Record<string, unknown> }[];
  readonly alerts: readonly AlertJob[];
  readonly notices: readonly Notice[];
  readonly events: readonly {
    readonly type: 'FollowUpMissed' | 'CaseEscalated';
    readonly detail: Record<string, unknown>;
  }[];
  readonly next?: Timer;
}

interface NamedChain {
  readonly name: string;
  readonly chain: EscalationChain;
}

const named = (config: DomainConfig, name: string | undefined): NamedChain | undefined => {
  const chain = name ? config.escalationChains[name] : undefined;
  return name && chain ? { name, chain } : undefined;
};

/** The chain of the case's SLA policy: its level 1 is the social team. */
export const policyChain = (theCase: Case, config: DomainConfig): NamedChain | undefined => {
  const policy =
    config.sla.policies.find((p) => p.name === theCase.sla?.policy) ?? selectPolicy(config.sla.policies, theCase);
  return named(config, policy?.escalation);
};

/** A missed hand-off or promise escalates through the department's chain, else the policy's. */
export const followUpChain = (theCase: Case, followUp: FollowUp, config: DomainConfig): NamedChain | undefined =>
  named(config, followUp.department ? config.departments[followUp.department]?.escalation : undefined) ??
  policyChain(theCase, config);

const customerOf = (theCase: Case): string =>
  theCase.customerName ?? (theCase.customerHandle ? `@${theCase.customerHandle}` : 'the customer');

const localTime = (iso: string, config: DomainConfig): string =>
  DateTime.fromISO(iso, { zone: 'utc' }).setZone(config.brand.timeZone).toFormat('HH:mm');

/** The notice a reply-window warning or a check-back sends to each level-1 target of the policy chain. */
export const followUpNotices = (theCase: Case, followUp: FollowUp, config: DomainConfig): Notice[] => {
  const targets = policyChain(theCase, config)?.chain.levels[0]?.notify ?? [];
  const seq = seqOf(theCase, followUp);
  const who = customerOf(theCase);
  const base = { caseId: theCase.id, followUpId: followUp.id, customer: who, subject: theCase.subject };
  if (followUp.kind === 'reply_window') {
    const channel = channelName(followUp.channel ?? 'other');
    const title = `${channel} reply window for case ${theCase.id} closes at ${localTime(followUp.dueAt, config)}`;
    const text = `${who} is still waiting for a reply on ${channel}. After ${followUp.dueAt} the platform only allows template messages.\nSubject: ${theCase.subject}`;
    const payload = { ...base, channel: followUp.channel, closesAt: followUp.dueAt };
    return targets.map((target) => ({
      noticeId: `${theCase.id}-followUp-${seq}-warning`,
      target,
      kind: 'reply_window',
      title,
      text,
      caseId: theCase.id,
      payload,
    }));
  }
  const title = `Check back with ${who} (case ${theCase.id})`;
  const text = `The case was resolved${theCase.resolvedAt ? ` at ${theCase.resolvedAt}` : ''}: check back with ${who} that all is well.\n${followUp.description}`;
  return targets.map((target) => ({
    noticeId: `${theCase.id}-followUp-${seq}-checkback`,
    target,
    kind: 'followup',
    title,
    text,
    caseId: theCase.id,
    payload: { ...base, kind: followUp.kind, description: followUp.description, dueAt: followUp.dueAt },
  }));
};

const summary = (f: FollowUp) => ({
  followUp: f.id,
  kind: f.kind,
  dueAt: f.dueAt,
  ...(f.department && { department: f.department }),
  ...(f.channel && { channel: f.channel }),
});

const none = { alerts: [], notices: [], events: [] } as const;

const missHandoffOrPromise = (theCase: Case, followUp: FollowUp, config: DomainConfig, now: string): FollowUpEffect => {
  const missed = closed(followUp, 'missed', now);
  const withMissed: Case = { ...theCase, followUps: replaceFollowUp(theCase.followUps ?? [], missed) };
  const audit = [{ type: 'followup.missed', detail: summary(followUp) }];
  const found = followUpChain(theCase, followUp, config);
  if (!found)
    return { case: withMissed, audit, ...none, events: [{ type: 'FollowUpMissed', detail: summary(followUp) }] };
  const seq = seqOf(theCase, followUp);
  const opened = openEscalation(withMissed, FOLLOW_UP_CLOCK, seq, found.name, found.chain, followUp.dueAt, now);
  const escalation: Escalation = { ...opened.escalation, followUpId: followUp.id };
  const escalations = [...(theCase.escalations ?? []).filter((e) => e.id !== escalation.id), escalation];
  return {
    case: { ...withMissed, escalations },
    audit: [
      ...audit,
      {
        type: 'escalation.queued',
        detail: { escalation: escalation.id, level: 1, round: 0, targets: opened.alerts.map((a) => a.target) },
      },
    ],
    alerts: opened.alerts,
    notices: [],
    events: [
      { type: 'FollowUpMissed', detail: summary(followUp) },
      { type: 'CaseEscalated', detail: { level: 1, round: 0, escalationId: escalation.id, followUpId: followUp.id } },
    ],
    ...(opened.next && { next: opened.next }),
  };
};

/** The effect of a follow-up's warning or deadline timer, or why it no longer means anything. */
export const planFollowUpTimer = (
  theCase: Case,
  timer: Timer,
  config: DomainConfig,
  now: string,
): FollowUpEffect | { readonly stale: string } => {
  const followUp = currentFollowUp(timer, theCase);
  if (!followUp) return { stale: `follow-up ${timer.kind} no longer due` };
  const update = (changed: FollowUp): Case => ({
    ...theCase,
    followUps: replaceFollowUp(theCase.followUps ?? [], changed),
  });
  if (timer.kind === 'warning') {
    if (followUp.kind !== 'reply_window') return { stale: 'only reply windows warn' };
    const notices = followUpNotices(theCase, followUp, config);
    return {
      case: update({ ...followUp, warnedAt: now }),
      audit: [{ type: 'followup.warned', detail: { ...summary(followUp), targets: notices.map((n) => n.target) } }],
      ...none,
      notices,
    };
  }
  switch (followUp.kind) {
    case 'checkback': {
      const notices = followUpNotices(theCase, followUp, config);
      return {
        case: update({ ...followUp, remindedAt: now }),
        audit: [{ type: 'followup.reminded', detail: { ...summary(followUp), targets: notices.map((n) => n.target) } }],
        ...none,
        notices,
      };
    }
    case 'reply_window':
      return {
        case: update(closed(followUp, 'missed', now)),
        audit: [
          { type: 'followup.missed', detail: { ...summary(followUp), reason: 'reply window closed unanswered' } },
        ],
        ...none,
      };
    default:
      return missHandoffOrPromise(theCase, followUp, config, now);
  }
};
