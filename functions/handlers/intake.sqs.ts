/** Consumes the intake queue in batches and applies each platform event to its case. */
import { adapters } from '../adapters/container.ts';
import { decodeIntakeMessage } from '../adapters/sqs/intake-queue.ts';
import { inboundEventSchema } from '../domain/inbound-event.ts';
import { ingestInboundEvent } from '../use-cases/ingest-inbound-event.ts';
import { sqsConsumer } from './sqs-consumer.ts';

export const handler = sqsConsumer({
  what: 'intake event',
  schema: inboundEventSchema,
  decode: decodeIntakeMessage,
  deadLetters: () => adapters.deadLetters('INTAKE_DLQ_URL'),
  process: (event) => ingestInboundEvent(event, adapters.ingestDeps()),
});
