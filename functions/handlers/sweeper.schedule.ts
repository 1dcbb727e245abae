/** Runs every minute (EventBridge schedule): hands what falls due soon to the timer queue, then sends due feedback digests. */
import { adapters } from '../adapters/container.ts';
import { logger } from '../commons/logger.ts';
import { type DigestResult, flushFeedbackDigests } from '../use-cases/feedback-digest.ts';
import { type SweepResult, sweepDueTimers } from '../use-cases/sweep-timers.ts';

export const handler = async (): Promise<SweepResult & { readonly feedback: DigestResult }> => {
  const result = await sweepDueTimers({
    timerIndex: adapters.timerIndex(),
    timerQueue: adapters.timerQueue(),
    clock: adapters.clock(),
  });
  const feedback = await flushFeedbackDigests({
    feedback: adapters.feedback(),
    alertQueue: adapters.alertQueue(),
    clock: adapters.clock(),
    config: adapters.config(),
  });
  logger.info('sweep done', { ...result, feedback });
  return { ...result, feedback };
};
