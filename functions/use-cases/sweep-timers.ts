/**
 * The sweeper, run every minute: hands every timer due before the look-ahead horizon to the
 * timer queue, delayed to arrive just before its deadline, and moves the cursor past what it swept.
 * A minute's shards are read in parallel and their timers handed over as one, each shard then
 * checkpointed (one write per shard, none per timer). Missed runs are caught up from the cursor; a
 * run that fails part-way, or two sweepers at once, only duplicate a dispatch, which the timer
 * worker absorbs.
 */
import { DateTime } from 'luxon';
import type { Timer } from '../domain/sla/types.ts';
import type { Clock, DueShard, TimerIndex, TimerQueue } from '../ports.ts';
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
    dispatched += await sweepMinute(deps, minute(at), now.toJSDate());
    at = at.plus({ minutes: 1 });
    minutes += 1;
    if (minutes % CHECKPOINT_MINUTES === 0) await saveProgress();
  }
  if (minutes > 0) await saveProgress();
  return { from: minute(start), through: minute(at.minus({ minutes: 1 })), minutes, dispatched };
};

/**
 * Sends what the minute's shards hold that no sweep sent yet, in one hand-over, then checkpoints
 * each shard that had any. One hand-over, not one per shard: hand-overs side by side queue their
 * sends behind each other, and a timer whose send waits becomes visible that much after its deadline
 * (in the escalation benchmark, sends of up to 2 s). A shard that cannot be read fails the run, after
 * the others are handed over and checkpointed; a failed send leaves the whole minute to the next run.
 */
const sweepMinute = async (deps: SweepDeps, at: string, now: Date): Promise<number> => {
  const reads = await Promise.allSettled(
    Array.from({ length: deps.timerIndex.shards }, async (_, shard) => ({
      shard,
      unsent: unsentOf(await deps.timerIndex.readShard(at, shard)),
    })),
  );
  const read = reads.flatMap((outcome) =>
    outcome.status === 'fulfilled' && outcome.value.unsent.length > 0 ? [outcome.value] : [],
  );
  const unsent = read.flatMap((shard) => shard.unsent);
  if (unsent.length > 0) {
    // Delays count from each send, not the run's start; the checkpoints from before the reads.
    await handOverOnTheirSecond(unsent, deps);
    await Promise.all(read.map(({ shard }) => deps.timerIndex.markSwept(at, shard, now.toISOString())));
  }
  const failed = reads.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return unsent.length;
};

/** Of a shard's timers, those no sweep sent yet. */
const unsentOf = ({ timers, sweptAt }: DueShard): readonly Timer[] => {
  if (sweptAt === undefined) return timers;
  const since = Date.parse(sweptAt) - WRITE_IN_FLIGHT_MS;
  // A timer without setAt cannot say whether a sweep saw it: sent again (the timer worker fires it once).
  return timers.filter((t) => t.setAt === undefined || Date.parse(t.setAt) >= since);
};
