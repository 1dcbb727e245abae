/** The timer worker: each message arrives at its deadline; fire it if it still holds. */
import { once } from '../commons/once.ts';
import { timerSchema } from '../domain/queue-messages.ts';
import type { Substitutes } from '../roots/parts.ts';
import { composeTimers } from '../roots/timers.ts';
import { fireTimer } from '../use-cases/fire-timer.ts';
import { sqsConsumer } from './sqs-consumer.ts';

export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeTimers(substitutes));
  return sqsConsumer({
    what: 'timer',
    schema: timerSchema,
    deadLetters: () => root().deadLetters,
    metrics: () => root().metrics,
    process: (timer) => fireTimer(timer, root().fire),
  });
};

export const handler = createHandler();
