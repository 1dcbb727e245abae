/** The sweeper's composition root: the due-time index and timer queue, feedback digests, the outbox relay. */
import { DynamoFeedbackStore } from '../adapters/dynamodb/feedback-store.ts';
import type { DigestDeps } from '../use-cases/feedback-digest.ts';
import type { RelayDeps } from '../use-cases/relay-outbox.ts';
import type { SweepDeps } from '../use-cases/sweep-timers.ts';
import {
  alertQueue,
  core,
  outbox,
  publisherOnFirstUse,
  type Substitutes,
  table,
  timerIndex,
  timerQueue,
} from './parts.ts';

export interface SweeperRoot {
  readonly sweep: SweepDeps;
  readonly digest: DigestDeps;
  readonly relay: RelayDeps;
}

export const composeSweeper = (substitutes: Substitutes = {}): SweeperRoot => {
  const { clock, config } = core(substitutes);
  return {
    sweep: { timerIndex: timerIndex(), timerQueue: timerQueue(substitutes), clock },
    digest: { feedback: new DynamoFeedbackStore(table()), alertQueue: alertQueue(substitutes), clock, config },
    relay: {
      outbox: outbox(),
      // The relay publishes only what a writer failed to: most runs publish nothing.
      publisher: publisherOnFirstUse(substitutes),
      clock,
    },
  };
};
