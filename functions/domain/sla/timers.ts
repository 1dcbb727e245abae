/**
 * The deadlines a case's clocks ask the due-time index for, and the re-check the timer worker
 * makes before acting on one: a timer is only a hint, the case is the truth.
 */
import type { Case } from '../case.ts';
import type { CaseSla, ClockState, Timer } from './types.ts';

type ClockTimerKind = 'warning' | 'breach';

const timerKey = (clock: ClockState, kind: ClockTimerKind, dueAt: string): string =>
  `${clock.name}:${clock.generation}:${kind}:${dueAt}`;

const timerOf = (caseId: string, clock: ClockState, kind: ClockTimerKind, dueAt: string): Timer => ({
  caseId,
  key: timerKey(clock, kind, dueAt),
  kind,
  clock: clock.name,
  generation: clock.generation,
  dueAt,
});

/** A running clock's breach timer, unless it already breached. */
export const breachTimer = (caseId: string, clock: ClockState): Timer | undefined =>
  clock.state === 'running' && clock.dueAt && !clock.breachedAt
    ? timerOf(caseId, clock, 'breach', clock.dueAt)
    : undefined;

/**
 * Each running clock's next deadline: its warning while that is still to come, else its breach.
 * The warning's firing asks for the breach (fire-timer), so a clock answered before its warning
 * costs one index item, not two. A warning set at or after the breach stands beside it.
 */
export const dueTimers = (caseId: string, sla: CaseSla): Timer[] =>
  Object.values(sla.clocks)
    .filter((clock) => clock.state === 'running')
    .flatMap((clock) => {
      const breach = breachTimer(caseId, clock);
      if (!clock.warnAt || clock.warnedAt) return breach ? [breach] : [];
      const warning = timerOf(caseId, clock, 'warning', clock.warnAt);
      return breach && clock.warnAt >= breach.dueAt ? [warning, breach] : [warning];
    });

/**
 * Whether a warning or breach timer still means something: its clock runs in the same
 * generation with the same deadline and has not fired yet. A paused, stopped, restarted or
 * moved clock makes it stale. Escalation timers belong to the escalation rules: they throw here.
 */
export const isTimerCurrent = (timer: Timer, theCase: Case): boolean => {
  if (timer.kind === 'escalation') {
    throw new TypeError('isTimerCurrent checks warning and breach timers; escalation timers follow the escalation');
  }
  const clock = timer.clock === 'followUp' ? undefined : theCase.sla?.clocks[timer.clock];
  if (clock?.state !== 'running' || clock.generation !== timer.generation) return false;
  return timer.kind === 'warning'
    ? clock.warnAt === timer.dueAt && !clock.warnedAt
    : clock.dueAt === timer.dueAt && !clock.breachedAt;
};
