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

/**
 * SQS counts a delay in whole seconds from the send, so a timer sent at any moment becomes visible up
 * to a second before its deadline and holds the timer worker's batch until then. Sent at its moment,
 * when the clock's fraction of a second is this much before its deadline's, it becomes visible this
 * much before its deadline: the lead keeps the send's own time from carrying it past.
 */
const HAND_OVER_LEAD_MS = 50;
/** A timer goes up to this much before its moment, so one send takes all whose moments fall within it. */
export const HAND_OVER_STEP_MS = 100;
const SECOND_MS = 1_000;

/** A timer whose moment passed this little ago still goes: it arrives HAND_OVER_LEAD_MS less this early at worst. */
const MOMENT_PASSED_SLACK_MS = HAND_OVER_LEAD_MS / 2;
/** A hand-over waits for timers' moments this long at most; after that whatever is left goes at once. */
export const HAND_OVER_AT_MOST_MS = 5_000;

/**
 * How long from now until a timer due `aheadMs` from now should be sent: 0 when its moment is within
 * the coming step or passed just now, or when it is due too soon to wait for its moment in the next
 * second (it goes at once, and arrives up to a second early: the timer worker holds it).
 */
export const untilHandOver = (aheadMs: number): number => {
  const until = untilMoment(aheadMs);
  const passedJustNow = until > SECOND_MS - MOMENT_PASSED_SLACK_MS;
  const cannotWait = until > aheadMs - HAND_OVER_LEAD_MS;
  return until < HAND_OVER_STEP_MS || passedJustNow || cannotWait ? 0 : until - HAND_OVER_STEP_MS / 2;
};

/** How long from now until a timer due `aheadMs` from now reaches its moment in the coming second. */
const untilMoment = (aheadMs: number): number => (((aheadMs - HAND_OVER_LEAD_MS) % SECOND_MS) + SECOND_MS) % SECOND_MS;

/** Of timers ready to go, first those due within a second, then those whose moment is nearest or just passed. */
const byUrgency = (now: number) => {
  const key = ({ dueAt }: { readonly dueAt: number }) =>
    dueAt - now < SECOND_MS ? dueAt - now - SECOND_MS : (untilMoment(dueAt - now) + MOMENT_PASSED_SLACK_MS) % SECOND_MS;
  return (a: { readonly dueAt: number }, b: { readonly dueAt: number }) => key(a) - key(b);
};

/**
 * Hands timers to the queue each at its moment (untilHandOver), one send after the other and at most
 * `timerQueue.sendsAtOnce` timers a send, timed by the elapsed time from one reading of the clock, as
 * the queue times its sends. Sends in flight side by side would queue their calls behind each other,
 * and a call that waits makes its timers late by as long, as SQS counts the delay from when it takes
 * the message (so the sweeper hands a minute's shards over in one call). A timer whose moment passed
 * while others were sent waits for the same moment of the next second, rather than arriving up to a
 * second early and holding the timer worker's batch; after HAND_OVER_AT_MOST_MS the rest go at once,
 * so a hand-over larger than the queue takes in a second still ends. After a failure nothing further
 * is sent.
 */
export const handOverOnTheirSecond = async (
  timers: readonly Timer[],
  deps: Pick<TimerDispatch, 'timerQueue' | 'clock'>,
): Promise<void> => {
  const start = deps.clock.now().getTime();
  const began = performance.now();
  const atOnce = deps.timerQueue.sendsAtOnce ?? Number.POSITIVE_INFINITY;
  let pending = timers.map((timer) => ({ timer, dueAt: Date.parse(timer.dueAt) }));
  while (pending.length > 0) {
    const elapsed = performance.now() - began;
    const now = start + elapsed;
    const waits =
      elapsed < HAND_OVER_AT_MOST_MS ? pending.map((p) => untilHandOver(p.dueAt - now)) : pending.map(() => 0);
    const soonest = waits.reduce((least, wait) => Math.min(least, wait), Number.POSITIVE_INFINITY);
    if (soonest > 0) {
      await new Promise((resolve) => setTimeout(resolve, soonest));
      continue;
    }
    const ready = pending.filter((_, i) => waits[i] === 0);
    const sending = ready.length > atOnce ? ready.sort(byUrgency(now)).slice(0, atOnce) : ready;
    const sent = new Set(sending);
    pending = pending.filter((p) => !sent.has(p));
    await deps.timerQueue.send(
      sending.map((p) => p.timer),
      new Date(start + (performance.now() - began)),
    );
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
