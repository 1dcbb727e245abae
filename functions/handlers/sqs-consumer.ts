/**
 * The shape every SQS consumer shares: validate each record, park what can never succeed on
 * its DLQ at once with the reason, report passing failures back to SQS for a retry
 * (partial batch response), and leave the work itself to a use case.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type core, safeParse } from 'zod/mini';
import { decodeBody } from '../adapters/sqs/message-body.ts';
import { logger } from '../commons/logger.ts';
import { withMetricsFlush } from '../commons/metrics.ts';
import type { DeadLetterQueue, MetricsRecorder } from '../ports.ts';

export interface ConsumerOptions<T> {
  /** What the records are, for logs and DLQ reasons. */
  readonly what: string;
  /** The queue's contract (zod/mini or classic zod). */
  readonly schema: core.$ZodType<T>;
  /** Body to the value the schema checks. @default the JSON of decodeBody(body), as sendBatch wrote it */
  readonly decode?: (body: string) => unknown;
  readonly deadLetters: () => DeadLetterQueue;
  /** Flushed after every batch: the function's composition root's. @default none to flush */
  readonly metrics?: () => Pick<MetricsRecorder, 'flush'>;
  readonly process: (item: T, record: SQSRecord) => Promise<unknown>;
  /** Errors that no retry can fix; their records are parked on the DLQ with this reason. */
  readonly permanent?: (error: unknown) => string | undefined;
}

const noMetrics = () => ({ flush: () => undefined });

const decodeJson = (body: string): unknown => JSON.parse(decodeBody(body));

const describeInvalid = <T>(
  schema: core.$ZodType<T>,
  decode: (body: string) => unknown,
  body: string,
): { item: T } | { reason: string } => {
  let raw: unknown;
  try {
    raw = decode(body);
  } catch {
    return { reason: 'message body is not JSON' };
  }
  const result = safeParse(schema, raw);
  if (result.success) return { item: result.data };
  return { reason: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
};

/**
 * What a result may show at INFO: flags, counts and id-like words. Anything longer or with spaces
 * (customer text could be in it) is logged only at DEBUG.
 */
const loggableSummary = (result: unknown): Record<string, unknown> => {
  if (!result || typeof result !== 'object') return {};
  return Object.fromEntries(
    Object.entries(result).filter(
      ([, value]) =>
        typeof value === 'number' ||
        typeof value === 'boolean' ||
        (typeof value === 'string' && /^[\w:.@-]{1,100}$/.test(value)),
    ),
  );
};

export const sqsConsumer = <T>(options: ConsumerOptions<T>) => {
  const park = async (record: SQSRecord, reason: string) => {
    logger.error(`${options.what} parked on the DLQ`, { messageId: record.messageId, reason });
    await options.deadLetters().park(record.body, reason, { sourceMessageId: record.messageId });
  };
  const processRecord = async (record: SQSRecord): Promise<void> => {
    const parsed = describeInvalid(options.schema, options.decode ?? decodeJson, record.body);
    if ('reason' in parsed) return park(record, `invalid ${options.what}: ${parsed.reason}`);
    try {
      const result = await options.process(parsed.item, record);
      logger.info(`${options.what} processed`, { messageId: record.messageId, result: loggableSummary(result) });
      logger.debug(`${options.what} result`, { messageId: record.messageId, result });
    } catch (error) {
      const reason = options.permanent?.(error);
      if (reason) return park(record, reason);
      throw error;
    }
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    withMetricsFlush(options.metrics ?? noMetrics, () =>
      // A processor holds one batch's results: batches handled at once (the local pollers) must not share one.
      processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), {
        context,
        throwOnFullBatchFailure: false,
      }),
    );
};
