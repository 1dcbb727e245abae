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

/** Timers are handed over in rounds this far apart, each round lined up with its deadlines' fraction of a second. */
export const HAND_OVER_STEP_MS = 100;
/** A round goes this much before its deadlines line up, so the send's own time does not carry them past it. */
const HAND_OVER_LEAD_MS = 50;
const SECOND_MS = 1_000;

/**
 * When in the coming second to send a timer due `aheadMs` from now: SQS counts a delay in whole
 * seconds from the send, so a timer sent when the clock's fraction of a second is just before its
 * deadline's becomes visible just before the deadline (HAND_OVER_LEAD_MS to HAND_OVER_STEP_MS +
 * HAND_OVER_LEAD_MS early), where one sent at any moment arrives up to a second early and holds its
 * batch, and the timer worker with it, until the deadline. A timer due within the lead goes at once.
 */
export const handOverOffset = (aheadMs: number): number => {
  const lined = (((aheadMs - HAND_OVER_LEAD_MS) % SECOND_MS) + SECOND_MS) % SECOND_MS;
  const offset = Math.floor(lined / HAND_OVER_STEP_MS) * HAND_OVER_STEP_MS;
  return offset <= aheadMs - HAND_OVER_LEAD_MS ? offset : 0;
};

/**
 * Hands timers to the queue over the coming second, in rounds at each timer's handOverOffset. The
 * rounds are timed by the elapsed time from one reading of the clock, as the queue times its sends.
 */
export const handOverOnTheirSecond = async (
  timers: readonly Timer[],
  deps: Pick<TimerDispatch, 'timerQueue' | 'clock'>,
): Promise<void> => {
  const start = deps.clock.now().getTime();
  const began = performance.now();
  const rounds = new Map<number, Timer[]>();
  for (const timer of timers) {
    const offset = handOverOffset(Date.parse(timer.dueAt) - start);
    const round = rounds.get(offset) ?? [];
    round.push(timer);
    rounds.set(offset, round);
  }
  // One round after the other, as many calls in flight as one send makes: rounds started side by
  // side would queue their calls behind each other, and a call that waits makes its timers late.
  // A round carried past its moment by a slow one before it arrives up to a second early and is
  // held by the timer worker, as before; after a failure no further round is sent.
  for (const offset of [...rounds.keys()].sort((a, b) => a - b)) {
    const wait = offset - (performance.now() - began);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await deps.timerQueue.send(rounds.get(offset) ?? [], new Date(start + (performance.now() - began)));
  }
};

export const dispatchSoon = async (timers: readonly Timer[], deps: TimerDispatch): Promise<number> => {
  const now = deps.clock.now();
  const soon = timers.filter((t) => Date.parse(t.dueAt) - now.getTime() < DIRECT_DISPATCH_MS);
  if (soon.length === 0) return 0;
  await deps.timerQueue.send(soon, now);
  await deps.timerIndex.markDispatched(soon, now.toISOString());
  return soon.length;
};
