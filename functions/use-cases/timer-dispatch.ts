/**
 * Getting deadlines to the timer worker on time. The sweeper hands over what falls due in the
 * next minutes; a writer hands over at once what falls due sooner than the sweeper looks ahead.
 */
import type { Timer } from '../domain/sla/types.ts';
import type { Clock, TimerIndex, TimerQueue } from '../ports.ts';

/** How far ahead the sweeper looks, in minutes; it runs every minute. */
export const SWEEP_LOOKAHEAD_MINUTES = 2;
/** Writers dispatch directly whatever is due within this many ms: beyond the sweeper's reach. */
export const DIRECT_DISPATCH_MS = (SWEEP_LOOKAHEAD_MINUTES + 1) * 60_000;

export interface TimerDispatch {
  readonly timerQueue: TimerQueue;
  readonly timerIndex: TimerIndex;
  readonly clock: Clock;
}

export const dispatchSoon = async (timers: readonly Timer[], deps: TimerDispatch): Promise<number> => {
  const now = deps.clock.now();
  const soon = timers.filter((t) => Date.parse(t.dueAt) - now.getTime() < DIRECT_DISPATCH_MS);
  if (soon.length === 0) return 0;
  await deps.timerQueue.send(soon, now);
  await deps.timerIndex.markDispatched(soon, now.toISOString());
  return soon.length;
};
