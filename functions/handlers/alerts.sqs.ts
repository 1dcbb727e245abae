/** The alert worker: one message is one alert for one target; a failing target fails only itself. */
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '../adapters/aws-clients.ts';
import { adapters } from '../adapters/container.ts';
import { secret } from '../adapters/secrets.ts';
import { AlertDeliveryError } from '../alerts/errors.ts';
import { settings } from '../config/settings.ts';
import { deliverAlertJob } from '../use-cases/deliver-alert.ts';
import { alertJobSchema } from './messages.ts';
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

const linkSecret = async (): Promise<string> => {
  const value = await secret('LINK_SIGNING_SECRET');
  if (!value) throw new Error('secret LINK_SIGNING_SECRET is not set: alerts cannot carry signed links');
  return value;
};

export const handler = sqsConsumer({
  what: 'alert',
  schema: alertJobSchema,
  deadLetters: () => adapters.deadLetters('ALERT_DLQ_URL'),
  process: (job) =>
    deliverAlertJob(job, {
      store: adapters.store(),
      claims: adapters.claims(),
      clock: adapters.clock(),
      config: adapters.config(),
      baseUrl: adapters.config().publicBaseUrl ?? settings().PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000',
      linkSecret,
      sender: {
        secrets: secret,
        publishEmail: settings().SECRETS_ARN ? publishEmail : printEmail,
      },
    }),
  permanent: (error) =>
    error instanceof AlertDeliveryError && error.permanent ? `alert target refused: ${error.message}` : undefined,
});
