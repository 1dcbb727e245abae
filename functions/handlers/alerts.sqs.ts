/**
 * The alert worker: a message is one alert for one target, or one step of a chain for several
 * (delivered side by side); a failing target fails only itself.
 */
import { AlertDeliveryError } from '../alerts/errors.ts';
import { once } from '../commons/once.ts';
import { WRITE_UNITS } from '../commons/write-pace.ts';
import { type AlertQueueMessage, alertQueueMessageSchema } from '../domain/queue-messages.ts';
import { type AlertsRoot, composeAlerts } from '../roots/alerts.ts';
import type { Substitutes } from '../roots/core.ts';
import { deliverAlertJob } from '../use-cases/deliver-alert.ts';
import { deliverAlertStep } from '../use-cases/deliver-alert-step.ts';
import { deliverNoticeJob } from '../use-cases/deliver-notice.ts';
import { sqsConsumer } from './sqs-consumer.ts';

/** Counts every failed attempt by target type, so one unreachable target shows before its DLQ does. */
const countFailure = (root: AlertsRoot, target: string): void => {
  const targetType = root.deliver.config.targets[target]?.type ?? 'unknown';
  root.metrics.record('AlertDeliveryFailures', 1, { targetType });
};

const countingFailures = async <T>(root: AlertsRoot, target: string, delivery: Promise<T>): Promise<T> => {
  try {
    return await delivery;
  } catch (error) {
    countFailure(root, target);
    throw error;
  }
};

const permanent = (error: unknown): string | undefined =>
  error instanceof AlertDeliveryError && error.permanent ? `alert target refused: ${error.message}` : undefined;

/** What a message writes at most: claims per target, and the case record of a breach or escalation step. */
const writeUnitsOf = (message: AlertQueueMessage): number => {
  if ('noticeId' in message) return WRITE_UNITS.alert(1, false);
  const jobs = 'alerts' in message ? message.alerts : [message];
  const recordsOnCase = jobs.some((job) => job.kind === 'breach' || job.kind === 'escalation');
  return WRITE_UNITS.alert(jobs.length, recordsOnCase);
};

/** The worker over its own composition root, built on the first batch; the local stack and tests pass substitutes. */
export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeAlerts(substitutes));
  return sqsConsumer({
    what: 'alert',
    schema: alertQueueMessageSchema,
    deadLetters: () => root().deadLetters,
    metrics: () => root().metrics,
    process: async (message, record) => {
      const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
      await root().writePace?.take(writeUnitsOf(message));
      if ('alerts' in message) {
        const park = (job: object, reason: string) =>
          root().deadLetters.park(JSON.stringify(job), reason, { sourceMessageId: record.messageId });
        const failed = (job: { readonly target: string }) => countFailure(root(), job.target);
        return deliverAlertStep(message, { deliver: root().deliver, permanent, park, failed }, attempt);
      }
      return countingFailures(
        root(),
        message.target,
        'noticeId' in message
          ? deliverNoticeJob(message, root().deliver)
          : deliverAlertJob(message, root().deliver, attempt),
      );
    },
    permanent,
  });
};

export const handler = createHandler();
