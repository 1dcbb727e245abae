/** The timer worker: each message arrives at its deadline, or up to a second before it; fire it if it still holds. */
import { once } from '../commons/once.ts';
import { WRITE_UNITS } from '../commons/write-pace.ts';
import { timerSchema } from '../domain/queue-messages.ts';
import type { Timer } from '../domain/sla/types.ts';
import type { Substitutes } from '../roots/parts.ts';
import { composeTimers } from '../roots/timers.ts';
import { fireTimer } from '../use-cases/fire-timer.ts';
import { sqsConsumer } from './sqs-consumer.ts';

/**
 * The timer queue rounds delays down to whole seconds (adapters/sqs/timer-queue.ts), so a timer may
 * arrive up to this much before its deadline; it waits for it here. One that is earlier still (a
 * shifted clock) fires as it arrives, as it always did.
 */
export const EARLY_BY_AT_MOST_MS = 1_000;

export const holdUntilDue = (timer: Timer, now: Date): number => {
  const early = Date.parse(timer.dueAt) - now.getTime();
  return early > 0 && early <= EARLY_BY_AT_MOST_MS ? early : 0;
};

export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeTimers(substitutes));
  return sqsConsumer({
    what: 'timer',
    schema: timerSchema,
    deadLetters: () => root().deadLetters,
    metrics: () => root().metrics,
    process: async (timer, record) => {
      const hold = holdUntilDue(timer, root().fire.clock.now());
      if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
      // Due now: in a rush the copy's share of the table's write units sets the pace from here.
      await root().writePace?.take(WRITE_UNITS.timer);
      return fireTimer(timer, root().fire, Number(record.attributes.ApproximateReceiveCount) || 1);
    },
  });
};

export const handler = createHandler();
