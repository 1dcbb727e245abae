/** Runs every minute (EventBridge schedule): hands what falls due soon to the timer queue. */
import { adapters } from '../adapters/container.ts';
import { logger } from '../commons/logger.ts';
import { type SweepResult, sweepDueTimers } from '../use-cases/sweep-timers.ts';

export const handler = async (): Promise<SweepResult> => {
  const result = await sweepDueTimers({
    timerIndex: adapters.timerIndex(),
    timerQueue: adapters.timerQueue(),
    clock: adapters.clock(),
  });
  logger.info('sweep done', { ...result });
  return result;
};
