/** Consumes the intake queue in batches and applies each platform event to its case. */
import { decodeIntakeMessage } from '../adapters/sqs/intake-queue.ts';
import { once } from '../commons/once.ts';
import { inboundEventSchema } from '../domain/inbound-event.ts';
import { composeIntake } from '../roots/intake.ts';
import type { Substitutes } from '../roots/parts.ts';
import { ingestInboundEvent } from '../use-cases/ingest-inbound-event.ts';
import { sqsConsumer } from './sqs-consumer.ts';

/** The handler over its own composition root, built on the first batch; the local stack passes substitutes. */
export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeIntake(substitutes));
  return sqsConsumer({
    what: 'intake event',
    schema: inboundEventSchema,
    decode: decodeIntakeMessage,
    deadLetters: () => root().deadLetters,
    metrics: () => root().metrics,
    process: (event) => ingestInboundEvent(event, root().ingest),
  });
};

export const handler = createHandler();
