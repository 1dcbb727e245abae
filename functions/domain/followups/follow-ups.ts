/**
 * Follow-ups: hand-offs, promises, check-backs and platform reply windows, the deadlines a case
 * has beyond its SLA clocks. Each open one asks the due-time index for timers with clock
 * `followUp` and its `seq` as generation. Pure.
 */
import { DateTime, Duration } from 'luxon';
import type { Case, FollowUp } from '../case.ts';
import type { Timer } from '../sla/types.ts';

export const FOLLOW_UP_CLOCK = 'followUp' as const;

export const plusDuration = (iso: string, duration: string): string =>
  DateTime.fromISO(iso, { zone: 'utc' }).plus(Duration.fromISO(duration)).toUTC().toISO() ?? iso;

export const minusDuration = (iso: string, duration: string): string =>
  DateTime.fromISO(iso, { zone: 'utc' }).minus(Duration.fromISO(duration)).toUTC().toISO() ?? iso;

/** Follow-ups are only ever appended, so a position is a stable number. */
export const seqOf = (theCase: Pick<Case, 'followUps'>, followUp: FollowUp): number =>
  followUp.seq ?? (theCase.followUps ?? []).findIndex((f) => f.id === followUp.id) + 1;

export const nextSeq = (theCase: Pick<Case, 'followUps'>): number => (theCase.followUps?.length ?? 0) + 1;

export const followUpBySeq = (theCase: Pick<Case, 'followUps'>, seq: number): FollowUp | undefined =>
  (theCase.followUps ?? []).find((f, i) => (f.seq ?? i + 1) === seq);

/** The case with one more follow-up, as the next version to store. */
export const withFollowUp = (theCase: Case, followUp: FollowUp, now: string): Case => ({
  ...theCase,
  followUps: [...(theCase.followUps ?? []), followUp],
  updatedAt: now,
  version: theCase.version + 1,
});

export const replaceFollowUp = (followUps: readonly FollowUp[], updated: FollowUp): FollowUp[] =>
  followUps.map((f) => (f.id === updated.id ? updated : f));

/** A closed follow-up: kept or cancelled by someone, or missed at its deadline. */
export const closed = (
  followUp: FollowUp,
  status: 'kept' | 'cancelled' | 'missed',
  at: string,
  by?: string,
): FollowUp => ({
  ...followUp,
  status,
  closedAt: at,
  ...(by && { closedBy: by }),
});

/** While a hand-off waits for the department, policies may pause clocks (`pauseWhileHandedOff`). */
export const isHandedOff = (theCase: Pick<Case, 'followUps'>): boolean =>
  (theCase.followUps ?? []).some((f) => f.kind === 'handoff' && (f.status === 'open' || f.status === 'missed'));

const timer = (theCase: Case, followUp: FollowUp, kind: 'warning' | 'breach', dueAt: string): Timer => {
  const seq = seqOf(theCase, followUp);
  return {
    caseId: theCase.id,
    key: `${FOLLOW_UP_CLOCK}:${seq}:${kind}:${dueAt}`,
    kind,
    clock: FOLLOW_UP_CLOCK,
    generation: seq,
    dueAt,
  };
};

/** The deadline of every open follow-up, and the warning of a reply window not yet warned. */
export const followUpTimers = (theCase: Case): Timer[] =>
  (theCase.followUps ?? [])
    .filter((f) => f.status === 'open' && !f.remindedAt)
    .flatMap((f) => [
      ...(f.warnAt && !f.warnedAt ? [timer(theCase, f, 'warning', f.warnAt)] : []),
      timer(theCase, f, 'breach', f.dueAt),
    ]);

/** The follow-up a warning or breach timer is for, if the timer still means something. */
export const currentFollowUp = (timerToCheck: Timer, theCase: Case): FollowUp | undefined => {
  const followUp = followUpBySeq(theCase, timerToCheck.generation);
  if (followUp?.status !== 'open') return undefined;
  if (timerToCheck.kind === 'warning') {
    return followUp.warnAt === timerToCheck.dueAt && !followUp.warnedAt ? followUp : undefined;
  }
  return followUp.dueAt === timerToCheck.dueAt && !followUp.remindedAt ? followUp : undefined;
};
