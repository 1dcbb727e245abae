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

/**
 * After a case write: hands over its near deadlines, and drops from the index those the write
 * ended (an answer, a resolution), so no sweep queues them. Outside the case's transaction: a
 * cancel lost to a crash only costs one timer message, which the timer worker finds stale.
 */
export const settleTimers = async (
  step: { readonly timers: readonly Timer[]; readonly cancelled: readonly Timer[] },
  deps: TimerDispatch,
): Promise<void> => {
  await Promise.all([
    dispatchSoon(step.timers, deps),
    step.cancelled.length > 0 && deps.timerIndex.cancel(step.cancelled),
  ]);
};

export const dispatchSoon = async (timers: readonly Timer[], deps: TimerDispatch): Promise<number> => {
  const now = deps.clock.now();
  const soon = timers.filter((t) => Date.parse(t.dueAt) - now.getTime() < DIRECT_DISPATCH_MS);
  if (soon.length === 0) return 0;
  await deps.timerQueue.send(soon, now);
  await deps.timerIndex.markDispatched(soon, now.toISOString());
  return soon.length;
};
