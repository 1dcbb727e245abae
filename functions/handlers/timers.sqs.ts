/** The timer worker: each message arrives at its deadline; fire it if it still holds. */
import { adapters } from '../adapters/container.ts';
import { fireTimer } from '../use-cases/fire-timer.ts';
import { timerSchema } from '../domain/queue-messages.ts';
import { sqsConsumer } from './sqs-consumer.ts';

export const handler = sqsConsumer({
  what: 'timer',
  schema: timerSchema,
  deadLetters: () => adapters.deadLetters('TIMER_DLQ_URL'),
  process: (timer) => fireTimer(timer, adapters.ingestDeps()),
});
