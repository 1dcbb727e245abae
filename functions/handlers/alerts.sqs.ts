/** The alert worker: one message is one alert for one target; a failing target fails only itself. */
import { adapters } from '../adapters/container.ts';
import { AlertDeliveryError } from '../alerts/errors.ts';
import { alertQueueMessageSchema } from '../domain/queue-messages.ts';
import { deliverAlertJob } from '../use-cases/deliver-alert.ts';
import { deliverNoticeJob } from '../use-cases/deliver-notice.ts';
import { deliverDeps } from './alert-deps.ts';
import { sqsConsumer } from './sqs-consumer.ts';

/** Counts every failed attempt by target type, so one unreachable target shows before its DLQ does. */
const countingFailures = async <T>(target: string, delivery: Promise<T>): Promise<T> => {
  try {
    return await delivery;
  } catch (error) {
    const targetType = adapters.config().targets[target]?.type ?? 'unknown';
    adapters.metrics().record('AlertDeliveryFailures', 1, { targetType });
    throw error;
  }
};

export const handler = sqsConsumer({
  what: 'alert',
  schema: alertQueueMessageSchema,
  deadLetters: () => adapters.deadLetters('ALERT_DLQ_URL'),
  process: (message, record) =>
    countingFailures(
      message.target,
      'noticeId' in message
        ? deliverNoticeJob(message, deliverDeps())
        : deliverAlertJob(message, deliverDeps(), Number(record.attributes.ApproximateReceiveCount) || 1),
    ),
  permanent: (error) =>
    error instanceof AlertDeliveryError && error.permanent ? `alert target refused: ${error.message}` : undefined,
});
