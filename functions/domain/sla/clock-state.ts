/**
 * What happens to one clock when it starts, stops, pauses, resumes or changes target. Every
 * amount is working time in the clock's rule; instants are ISO strings as stored on the case.
 */
import { type ClockRule, durationMs } from './policy.ts';
import type { ClockState } from './types.ts';

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();
/** Compares instants, whatever ISO form the platform wrote them in. */
const notAfter = (a: string, b: string): boolean => Date.parse(a) <= Date.parse(b);
const earlier = (a: string, b: string): string => (notAfter(a, b) ? a : b);

/** The working time the target allows, counted from `startedAt` (a `sundown` target depends on when). */
export const targetMs = (rule: ClockRule, startedAt: string): number => {
  if (rule.target !== 'sundown') return durationMs(rule.target);
  return rule.time.workingTimeBetween(at(startedAt), rule.time.endOfBusinessDay(at(startedAt)));
};

/** Working time left until `dueAt`; negative once overdue. */
const signedRemaining = (rule: ClockRule, now: string, dueAt: string): number =>
  notAfter(now, dueAt)
    ? rule.time.workingTimeBetween(at(now), at(dueAt))
    : -rule.time.workingTimeBetween(at(dueAt), at(now));

/** dueAt and warnAt for a clock that has already used `elapsedMs` of its target by `from`. */
const deadlines = (rule: ClockRule, startedAt: string, from: string, elapsedMs: number) => {
  const total = targetMs(rule, startedAt);
  const addFrom = (ms: number) => iso(rule.time.addWorkingTime(at(from), Math.max(0, Math.round(ms))));
  return {
    dueAt: addFrom(total - elapsedMs),
    ...(rule.warnAt !== undefined && { warnAt: addFrom(rule.warnAt * total - elapsedMs) }),
  };
};

const withoutSchedule = (clock: ClockState) => {
  const { dueAt: _dueAt, warnAt: _warnAt, pausedAt: _pausedAt, remainingMs: _remainingMs, ...rest } = clock;
  return rest;
};

export const startClock = (rule: ClockRule, startedAt: string, generation: number): ClockState => {
  const scheduled = deadlines(rule, startedAt, startedAt, 0);
  const dueAt = rule.target === 'sundown' ? iso(rule.time.endOfBusinessDay(at(startedAt))) : scheduled.dueAt;
  const { warnAt } = scheduled;
  return {
    name: rule.name,
    state: 'running',
    generation,
    startedAt,
    target: rule.target,
    dueAt,
    ...(warnAt && { warnAt }),
  };
};

/** Met when it stopped by its deadline; a paused clock is met if it had time left. */
export const stopClock = (clock: ClockState, stoppedAt: string, reason?: string): ClockState => {
  const met = clock.dueAt !== undefined ? notAfter(stoppedAt, clock.dueAt) : (clock.remainingMs ?? 0) > 0;
  const { pausedAt: _pausedAt, stopReason: _stopReason, ...rest } = clock;
  return { ...rest, state: 'stopped', stoppedAt, met, ...(reason && { stopReason: reason }) };
};

export const pauseClock = (clock: ClockState, rule: ClockRule, now: string): ClockState => ({
  ...withoutSchedule(clock),
  state: 'paused',
  pausedAt: now,
  remainingMs: clock.dueAt ? Math.max(0, signedRemaining(rule, now, clock.dueAt)) : 0,
});

export const resumeClock = (clock: ClockState, rule: ClockRule, now: string): ClockState => {
  const remainingMs = clock.remainingMs ?? 0;
  const elapsed = targetMs(rule, clock.startedAt) - remainingMs;
  return {
    ...withoutSchedule(clock),
    state: 'running',
    ...deadlines(rule, clock.startedAt, now, elapsed),
    // The deadline stays `now + remainingMs` even if the target's total would say otherwise.
    dueAt: iso(rule.time.addWorkingTime(at(now), remainingMs)),
  };
};

/**
 * Moves a running or paused clock onto another policy's target, keeping the working time it has
 * already used (pauses excluded). Without the old rule, used time is counted from `startedAt`.
 */
export const retargetClock = (
  clock: ClockState,
  oldRule: ClockRule | undefined,
  newRule: ClockRule,
  now: string,
): ClockState => {
  const usedUntil = clock.pausedAt ?? now;
  const used = oldRule
    ? targetMs(oldRule, clock.startedAt) -
      (clock.state === 'paused' ? (clock.remainingMs ?? 0) : signedRemaining(oldRule, now, clock.dueAt ?? now))
    : newRule.time.workingTimeBetween(at(clock.startedAt), at(usedUntil));
  const left = targetMs(newRule, clock.startedAt) - used;
  const base = { ...withoutSchedule(clock), target: newRule.target };
  if (clock.state === 'paused') {
    return { ...base, state: 'paused', pausedAt: usedUntil, remainingMs: Math.max(0, Math.round(left)) };
  }
  if (left >= 0) return { ...base, ...deadlines(newRule, clock.startedAt, now, used) };
  // Already overdue under the new target: its deadline passed at the latest now.
  const fresh = startClock(newRule, clock.startedAt, clock.generation);
  const dueAt = earlier(fresh.dueAt ?? now, now);
  return { ...base, dueAt, ...(fresh.warnAt && { warnAt: earlier(fresh.warnAt, dueAt) }) };
};
