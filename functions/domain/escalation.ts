/**
 * Escalation chains: what a breach, an unacknowledged wait, an acknowledgement or an answer
 * does to a case's escalations, and which alerts and timers follow. Pure.
 */
import { DateTime, Duration } from 'luxon';
import type { Case, Escalation } from './case.ts';
import type { EscalationChain } from './policies.ts';
import type { AcknowledgementJob, AlertJob } from './queue-messages.ts';
import type { ClockName, Deadline, Timer } from './sla/types.ts';

export type { AcknowledgementJob, AlertJob, ClockAlertJob, FollowUpAlertJob } from './queue-messages.ts';

const plus = (iso: string, duration: string): string =>
  DateTime.fromISO(iso, { zone: 'utc' }).plus(Duration.fromISO(duration)).toUTC().toISO() ?? iso;

export const escalationId = (clock: Deadline, generation: number): string => `${clock}:${generation}`;

/** The alerts of one step of the chain: one job per target of the escalation's current level. */
export const alertJobs = (
  theCase: Case,
  escalation: Escalation,
  chain: EscalationChain,
  kind: AlertJob['kind'],
): AlertJob[] => {
  const level = chain.levels[escalation.level - 1];
  return (level?.notify ?? []).map(
    (target) =>
      // Follow-up escalations never warn (warningAlerts takes a ClockName), so the pair is always valid.
      ({
        alertId: `${theCase.id}:${escalation.id}:${kind}:L${escalation.level}:R${escalation.round}:${target}`,
        caseId: theCase.id,
        target,
        kind,
        escalationId: escalation.id,
        clock: escalation.clock,
        level: escalation.level,
        round: escalation.round,
      }) as AlertJob,
  );
};

/** The next step after (level, round): the following level, or level 1 of the next round, or none. */
const nextStep = (chain: EscalationChain, level: number, round: number) => {
  if (level < chain.levels.length) {
    return { level: level + 1, round, after: chain.levels[level]?.after ?? 'PT0S' };
  }
  if (chain.repeat === 'untilAnswered' || round < chain.repeat) {
    return { level: 1, round: round + 1, after: chain.repeatAfter };
  }
  return undefined;
};

/** The escalation timer that walks the chain on, if there is a next step. */
export const nextEscalationTimer = (
  theCase: Case,
  escalation: Escalation,
  chain: EscalationChain,
  generation: number,
): Timer | undefined => {
  const step = nextStep(chain, escalation.level, escalation.round);
  if (!step || escalation.endedAt || escalation.heldUntil) return undefined;
  const dueAt = plus(escalation.lastAlertAt, step.after);
  return {
    caseId: theCase.id,
    key: `${escalation.id}:escalate:L${step.level}:R${step.round}`,
    kind: 'escalation',
    clock: escalation.clock,
    generation,
    dueAt,
    level: step.level,
    round: step.round,
  };
};

/** A clock breached: open an escalation at level 1 of the chain, alerting its targets now. */
export const openEscalation = (
  theCase: Case,
  clock: Deadline,
  generation: number,
  chainName: string,
  chain: EscalationChain,
  breachedAt: string,
  now: string,
): { escalation: Escalation; alerts: AlertJob[]; next?: Timer } => {
  const escalation: Escalation = {
    id: escalationId(clock, generation),
    clock,
    chain: chainName,
    breachedAt,
    level: 1,
    round: 0,
    lastAlertAt: now,
  };
  const next = nextEscalationTimer(theCase, escalation, chain, generation);
  return {
    escalation: next ? escalation : { ...escalation, exhaustedAt: now },
    alerts: alertJobs(theCase, escalation, chain, 'breach'),
    ...(next && { next }),
  };
};

/** The chain moves to this step now: its alerts, and the timer of the step after it. */
const stepTo = (theCase: Case, moved: Escalation, chain: EscalationChain, generation: number, now: string) => {
  const next = nextEscalationTimer(theCase, moved, chain, generation);
  return {
    escalation: next ? moved : { ...moved, exhaustedAt: now },
    alerts: alertJobs(theCase, moved, chain, 'escalation'),
    ...(next && { next }),
  };
};

/**
 * An escalation timer fired: alert the next level while nobody holds the chain, or, at the end
 * of an acknowledgement's hold (`timer.resumes`), start again at level 1 of a new round.
 */
export const advanceEscalation = (
  theCase: Case,
  escalation: Escalation,
  chain: EscalationChain,
  timer: Timer,
  now: string,
): { escalation: Escalation; alerts: AlertJob[]; next?: Timer; resumed?: boolean } | undefined => {
  if (escalation.endedAt) return undefined;
  if (timer.resumes) {
    if (escalation.heldUntil !== timer.dueAt) return undefined;
    const { heldUntil: _held, exhaustedAt: _exhausted, ...rest } = escalation;
    const resumed: Escalation = { ...rest, level: 1, round: escalation.round + 1, lastAlertAt: now, resumedAt: now };
    return { ...stepTo(theCase, resumed, chain, timer.generation, now), resumed: true };
  }
  if (escalation.heldUntil) return undefined;
  const expected = nextStep(chain, escalation.level, escalation.round);
  if (!expected || expected.level !== timer.level || expected.round !== timer.round) return undefined;
  const advanced: Escalation = { ...escalation, level: expected.level, round: expected.round, lastAlertAt: now };
  return stepTo(theCase, advanced, chain, timer.generation, now);
};

/** Warnings go to the chain's first level, once per clock run. */
export const warningAlerts = (
  theCase: Case,
  clock: ClockName,
  generation: number,
  chain: EscalationChain,
  now: string,
): AlertJob[] => {
  const probe: Escalation = {
    id: escalationId(clock, generation),
    clock,
    chain: '',
    breachedAt: now,
    level: 1,
    round: 0,
    lastAlertAt: now,
  };
  return alertJobs(theCase, probe, chain, 'warning');
};

/** Ends every open escalation; returns the updated list and the resolve notices for targets already alerted. */
export const endEscalations = (
  theCase: Case,
  chains: Readonly<Record<string, EscalationChain>>,
  reason: NonNullable<Escalation['endReason']>,
  now: string,
  which: (escalation: Escalation) => boolean = () => true,
): { escalations: Escalation[]; notices: AlertJob[]; ended: Escalation[]; changed: boolean } => {
  const ended: Escalation[] = [];
  const notices: AlertJob[] = [];
  let changed = false;
  // Tell every level reached so far, so paging tools can close their incident.
  const closeIncidents = (escalation: Escalation) => {
    const chain = chains[escalation.chain];
    if (!chain) return;
    for (let level = 1; level <= (escalation.round > 0 ? chain.levels.length : escalation.level); level++) {
      notices.push(...alertJobs(theCase, { ...escalation, level }, chain, 'resolved'));
    }
  };
  const escalations = (theCase.escalations ?? []).map((escalation) => {
    if (!which(escalation)) return escalation;
    if (escalation.endedAt) {
      // An acknowledged incident stays open in the paging tool until the case is answered or resolved.
      if (escalation.endReason !== 'acknowledged' || escalation.pagingClosedAt) return escalation;
      const closedPaging: Escalation = { ...escalation, pagingClosedAt: now };
      closeIncidents(closedPaging);
      changed = true;
      return closedPaging;
    }
    const closed: Escalation = { ...escalation, endedAt: now, endReason: reason };
    ended.push(closed);
    closeIncidents(closed);
    changed = true;
    return closed;
  });
  return { escalations, notices, ended, changed };
};

/** One job per distinct target of the levels alerted so far (a target on two levels is told once). */
export const acknowledgementJobs = (
  theCase: Case,
  escalation: Escalation,
  chain: EscalationChain,
): AcknowledgementJob[] => {
  const reached = escalation.round > 0 ? chain.levels.length : escalation.level;
  const jobs = new Map<string, AcknowledgementJob>();
  chain.levels.slice(0, reached).forEach((level, index) => {
    for (const target of level.notify) {
      if (jobs.has(target)) continue;
      jobs.set(target, {
        alertId: `${theCase.id}:${escalation.id}:acknowledged:${target}`,
        caseId: theCase.id,
        target,
        kind: 'acknowledged',
        escalationId: escalation.id,
        clock: escalation.clock,
        level: index + 1,
        round: escalation.round,
      });
    }
  });
  return [...jobs.values()];
};

/** The hold an acknowledgement gets when its chain is no longer in the config. */
const DEFAULT_HOLD = 'PT30M';

/**
 * Someone acknowledged: the chain holds for that breach (or every running one) for the chain's
 * `holdAfterAcknowledge`; a resume timer at its end starts the chain again if the case is still
 * unanswered. Answering or resolving the case ends the escalation as before.
 */
export const acknowledgeEscalations = (
  theCase: Case,
  who: string,
  now: string,
  only?: string,
  chains: Readonly<Record<string, EscalationChain>> = {},
): { escalations: Escalation[]; acknowledged: Escalation[]; timers: Timer[] } => {
  const acknowledged: Escalation[] = [];
  const timers: Timer[] = [];
  const escalations = (theCase.escalations ?? []).map((escalation) => {
    if (escalation.endedAt || escalation.heldUntil || (only && escalation.id !== only)) return escalation;
    const heldUntil = plus(now, chains[escalation.chain]?.holdAfterAcknowledge ?? DEFAULT_HOLD);
    const held: Escalation = { ...escalation, acknowledgedAt: now, acknowledgedBy: who, heldUntil };
    acknowledged.push(held);
    timers.push({
      caseId: theCase.id,
      key: `${escalation.id}:resume:${heldUntil}`,
      kind: 'escalation',
      clock: escalation.clock,
      generation: Number(escalation.id.split(':')[1] ?? 0),
      dueAt: heldUntil,
      level: 1,
      round: escalation.round + 1,
      resumes: true,
    });
    return held;
  });
  return { escalations, acknowledged, timers };
};

/** What a resumed chain's alerts say: `acknowledged by ann 30 min ago, still unanswered`. */
export const resumeNote = (escalation: Escalation, now: Date): string | undefined => {
  if (!escalation.resumedAt || !escalation.acknowledgedAt) return undefined;
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(escalation.acknowledgedAt)) / 60_000));
  const ago = minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
  return `acknowledged by ${escalation.acknowledgedBy ?? 'someone'} ${ago} ago, still unanswered`;
};
