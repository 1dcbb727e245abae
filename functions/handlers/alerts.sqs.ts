/** The alert worker: one message is one alert for one target; a failing target fails only itself. */
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '../adapters/aws-clients.ts';
import { adapters } from '../adapters/container.ts';
import { secret, secretsOnAws } from '../adapters/secrets.ts';
import { AlertDeliveryError } from '../alerts/errors.ts';
import { logger } from '../commons/logger.ts';
import { settings } from '../config/settings.ts';
import { type DeliverDeps, deliverAlertJob } from '../use-cases/deliver-alert.ts';
import { deliverNoticeJob } from '../use-cases/deliver-notice.ts';
import { alertQueueMessageSchema } from './messages.ts';
import { sqsConsumer } from './sqs-consumer.ts';

const publishEmail = async (target: string, subject: string, body: string): Promise<void> => {
  const topicArn = settings().EMAIL_TOPICS[target];
  if (!topicArn) throw new Error(`no SNS topic is deployed for e-mail target ${target}`);
  await sns().send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: body }));
};

/** Without an SNS topic (the local stack), an e-mail alert is printed instead. */
const printEmail = async (target: string, subject: string, body: string): Promise<void> => {
  console.log(`--- e-mail to ${target}: ${subject}\n${body}`);
};

const logConsoleAlert = (text: string): void => {
  logger.info('console alert target: alert text is logged at DEBUG only');
  logger.debug('console alert', { text });
};

const linkSecret = async (): Promise<string> => {
  const value = await secret('LINK_SIGNING_SECRET');
  if (!value) throw new Error('secret LINK_SIGNING_SECRET is not set: alerts cannot carry signed links');
  return value;
};

const deps = (): DeliverDeps => ({
  store: adapters.store(),
  claims: adapters.claims(),
  clock: adapters.clock(),
  config: adapters.config(),
  newId: adapters.newId(),
  baseUrl: adapters.config().publicBaseUrl ?? settings().PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000',
  linkSecret,
  linkEpoch: (caseId) => adapters.linkLedger().epoch(caseId),
  sender: {
    secrets: secret,
    ...(settings().PAGERDUTY_EVENTS_URL && { pagerDutyEndpoint: settings().PAGERDUTY_EVENTS_URL }),
    publishEmail: secretsOnAws() ? publishEmail : printEmail,
    // On AWS stdout is CloudWatch Logs: the console target's text quotes the customer, so DEBUG only.
    ...(secretsOnAws() && { log: logConsoleAlert }),
  },
});

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
        ? deliverNoticeJob(message, deps())
        : deliverAlertJob(message, deps(), Number(record.attributes.ApproximateReceiveCount) || 1),
    ),
  permanent: (error) =>
    error instanceof AlertDeliveryError && error.permanent ? `alert target refused: ${error.message}` : undefined,
});
