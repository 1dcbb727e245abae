/** The alert worker: one message is one alert for one target; a failing target fails only itself. */
import { AlertDeliveryError } from '../alerts/errors.ts';
import { once } from '../commons/once.ts';
import { alertQueueMessageSchema } from '../domain/queue-messages.ts';
import { type AlertsRoot, composeAlerts } from '../roots/alerts.ts';
import type { Substitutes } from '../roots/core.ts';
import { deliverAlertJob } from '../use-cases/deliver-alert.ts';
import { deliverNoticeJob } from '../use-cases/deliver-notice.ts';
import { sqsConsumer } from './sqs-consumer.ts';

/** Counts every failed attempt by target type, so one unreachable target shows before its DLQ does. */
const countingFailures = async <T>(root: AlertsRoot, target: string, delivery: Promise<T>): Promise<T> => {
  try {
    return await delivery;
  } catch (error) {
    const targetType = root.deliver.config.targets[target]?.type ?? 'unknown';
    root.metrics.record('AlertDeliveryFailures', 1, { targetType });
    throw error;
  }
};

/** The worker over its own composition root, built on the first batch; the local stack and tests pass substitutes. */
export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeAlerts(substitutes));
  return sqsConsumer({
    what: 'alert',
    schema: alertQueueMessageSchema,
    deadLetters: () => root().deadLetters,
    metrics: () => root().metrics,
    process: (message, record) =>
      countingFailures(
        root(),
        message.target,
        'noticeId' in message
          ? deliverNoticeJob(message, root().deliver)
          : deliverAlertJob(message, root().deliver, Number(record.attributes.ApproximateReceiveCount) || 1),
      ),
    permanent: (error) =>
      error instanceof AlertDeliveryError && error.permanent ? `alert target refused: ${error.message}` : undefined,
  });
};

export const handler = createHandler();
