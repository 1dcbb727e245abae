/**
 * Runs every minute (EventBridge schedule): hands what falls due soon to the timer queue, sends due feedback
 * digests, then relays domain events left in the outbox.
 */
import { logger } from '../commons/logger.ts';
import { once } from '../commons/once.ts';
import type { Substitutes } from '../roots/parts.ts';
import { composeSweeper } from '../roots/sweeper.ts';
import { type DigestResult, flushFeedbackDigests } from '../use-cases/feedback-digest.ts';
import { type RelayResult, relayOutbox } from '../use-cases/relay-outbox.ts';
import { type SweepResult, sweepDueTimers } from '../use-cases/sweep-timers.ts';

export type SweeperResult = SweepResult & { readonly outbox: RelayResult; readonly feedback: DigestResult };

export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeSweeper(substitutes));
  return async (): Promise<SweeperResult> => {
    const { sweep, digest, relay } = root();
    const result = await sweepDueTimers(sweep);
    const feedback = await flushFeedbackDigests(digest);
    // Last: a bus that is down fails the run only after the timers and digests went out.
    const outbox = await relayOutbox(relay);
    logger.info('sweep done', { ...result, outbox, feedback });
    return { ...result, outbox, feedback };
  };
};

export const handler = createHandler();
