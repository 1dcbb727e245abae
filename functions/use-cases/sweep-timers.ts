/**
 * The sweeper, run every minute: hands every timer due before the look-ahead horizon to the
 * timer queue, delayed to arrive just before its deadline, and moves the cursor past what it swept.
 * A minute's shards are swept in parallel, each checkpointed once it is handed over (one write
 * per shard, none per timer). Missed runs are caught up from the cursor; a run that fails
 * part-way, or two sweepers at once, only duplicate a dispatch, which the timer worker absorbs.
 */
import { DateTime } from 'luxon';
import type { Clock, TimerIndex, TimerQueue } from '../ports.ts';
import { handOverOnTheirSecond, SWEEP_LOOKAHEAD_MINUTES } from './timer-dispatch.ts';

export interface SweepDeps {
  readonly timerIndex: TimerIndex;
  readonly timerQueue: TimerQueue;
  readonly clock: Clock;
}

export interface SweepResult {
  readonly from: string;
  readonly through: string;
  readonly minutes: number;
  readonly dispatched: number;
}

/** On the first run, look this far back for timers written before any sweep. */
const FIRST_RUN_LOOKBACK_MINUTES = 60;
/**
 * Every run also re-reads the last few minutes: a writer that stored a near deadline but
 * crashed before handing it over directly leaves it undispatched there, and it is picked up
 * at most a minute late.
 */
const RESWEEP_MINUTES = 3;
/** A sweeper that was down for days catches up over several runs rather than timing out. */
const MAX_MINUTES_PER_RUN = 24 * 60;
/**
 * A long catch-up saves its progress this often, so a run that fails part-way (a throttled
 * query) does not start the whole catch-up again next minute and never reach the present.
 */
const CHECKPOINT_MINUTES = 15;

/**
 * A shard swept before is read again while it is in the re-sweep window; of its timers only those
 * stored after the sweep (less this margin for a write in flight during it) are sent again.
 */
const WRITE_IN_FLIGHT_MS = 10_000;

const minute = (at: DateTime): string => at.toUTC().toFormat("yyyy-MM-dd'T'HH:mm");

export const sweepDueTimers = async (deps: SweepDeps): Promise<SweepResult> => {
  const now = DateTime.fromJSDate(deps.clock.now(), { zone: 'utc' });
  const cursor = await deps.timerIndex.readCursor();
  const resweep = now.minus({ minutes: RESWEEP_MINUTES }).startOf('minute');
  const fromCursor = cursor
    ? DateTime.fromISO(`${cursor}:00Z`, { zone: 'utc' })
    : now.minus({ minutes: FIRST_RUN_LOOKBACK_MINUTES }).startOf('minute');
  const start = DateTime.min(fromCursor, resweep);
  const horizon = now.plus({ minutes: SWEEP_LOOKAHEAD_MINUTES }).startOf('minute');
  let at = start;
  let minutes = 0;
  let dispatched = 0;
  let saved = cursor;
  // The cursor only moves forward, and not at all once another sweeper has moved it.
  let mayMove = true;
  const saveProgress = async () => {
    if (!mayMove || (saved && minute(at) <= saved)) return;
    mayMove = await deps.timerIndex.writeCursor(minute(at), saved);
    if (mayMove) saved = minute(at);
  };
  while (at <= horizon && minutes < MAX_MINUTES_PER_RUN) {
    const shards = Array.from({ length: deps.timerIndex.shards }, (_, shard) =>
      sweepShard(deps, minute(at), shard, now.toJSDate()),
    );
    // Every shard finishes (and checkpoints) before a failure in one fails the run.
    const settled = await Promise.allSettled(shards);
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    dispatched += settled.reduce((sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value : 0), 0);
    at = at.plus({ minutes: 1 });
    minutes += 1;
    if (minutes % CHECKPOINT_MINUTES === 0) await saveProgress();
  }
  if (minutes > 0) await saveProgress();
  return { from: minute(start), through: minute(at.minus({ minutes: 1 })), minutes, dispatched };
};

/** Sends what the shard holds that no sweep sent yet, then checkpoints it. */
const sweepShard = async (deps: SweepDeps, at: string, shard: number, now: Date): Promise<number> => {
  const { timers, sweptAt } = await deps.timerIndex.readShard(at, shard);
  const since = sweptAt === undefined ? undefined : Date.parse(sweptAt) - WRITE_IN_FLIGHT_MS;
  // A timer without setAt cannot say whether a sweep saw it: sent again (the timer worker fires it once).
  const unsent =
    since === undefined ? timers : timers.filter((t) => t.setAt === undefined || Date.parse(t.setAt) >= since);
  if (unsent.length === 0) return 0;
  // Delays count from each send, not the run's start; the checkpoint from before the read.
  await handOverOnTheirSecond(unsent, deps);
  await deps.timerIndex.markSwept(at, shard, now.toISOString());
  return unsent.length;
};
