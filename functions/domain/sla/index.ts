/** SLA clocks: business time, policies, the clock rules and the timers they ask for. */
export { allHours, businessHours, CalendarError, type WorkingTime } from './calendar.ts';
export { type ReconcileInput, type ReconcileResult, reconcileSla } from './clocks.ts';
export { type ClockRule, clockRules, durationMs, selectPolicy, sundownTime, workingTimeFor } from './policy.ts';
export { breachTimer, dueTimers, isTimerCurrent } from './timers.ts';
export type { CaseSla, ClockChange, ClockName, ClockState, Deadline, Timer, TimerKind } from './types.ts';
