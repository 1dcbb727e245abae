/**
 * Consumes the intake queue in batches and applies each event to its case. A record that
 * fails for a passing reason is reported back to SQS for retry (partial batch response);
 * one that can never succeed is parked on the DLQ at once with its reason.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { adapters } from '../adapters/container.ts';
import { logger } from '../commons/logger.ts';
import { inboundEventSchema } from '../domain/inbound-event.ts';
import { ingestInboundEvent } from '../use-cases/ingest-inbound-event.ts';

const processor = new BatchProcessor(EventType.SQS);

const describeInvalid = (body: string): string | undefined => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return 'message body is not JSON';
  }
  const result = inboundEventSchema.safeParse(raw);
  if (result.success) return undefined;
  return result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
};

const processRecord = async (record: SQSRecord): Promise<void> => {
  const invalid = describeInvalid(record.body);
  if (invalid) {
    logger.error('unprocessable intake message parked on the DLQ', { messageId: record.messageId, reason: invalid });
    await adapters.deadLetters().park(record.body, `invalid InboundEvent: ${invalid}`, {
      sourceMessageId: record.messageId,
    });
    return;
  }
  const event = inboundEventSchema.parse(JSON.parse(record.body));
  const result = await ingestInboundEvent(event, {
    store: adapters.store(),
    publisher: adapters.publisher(),
    clock: adapters.clock(),
    config: adapters.config(),
    newId: adapters.newId(),
  });
  logger.info('intake event processed', { eventId: event.eventId, platform: event.platform, ...result });
};

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, processRecord, processor, { context, throwOnFullBatchFailure: false });
