/**
 * Runs every minute (EventBridge schedule): hands what falls due soon to the timer queue, sends due feedback
 * digests, then relays domain events left in the outbox.
 */
import { adapters } from '../adapters/container.ts';
import { logger } from '../commons/logger.ts';
import { type DigestResult, flushFeedbackDigests } from '../use-cases/feedback-digest.ts';
import { type RelayResult, relayOutbox } from '../use-cases/relay-outbox.ts';
import { type SweepResult, sweepDueTimers } from '../use-cases/sweep-timers.ts';

export const handler = async (): Promise<
  SweepResult & { readonly outbox: RelayResult; readonly feedback: DigestResult }
> => {
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
  // Last: a bus that is down fails the run only after the timers and digests went out.
  const outbox = await relayOutbox({
    outbox: adapters.outbox(),
    publisher: adapters.publisher(),
    clock: adapters.clock(),
  });
  logger.info('sweep done', { ...result, outbox, feedback });
  return { ...result, outbox, feedback };
};
