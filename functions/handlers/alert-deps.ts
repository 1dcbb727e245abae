/** The alert worker's and the alarm forwarder's delivery dependencies, built from the adapters. */
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '../adapters/aws-clients.ts';
import { adapters } from '../adapters/container.ts';
import { secret, secretsOnAws } from '../adapters/secrets.ts';
import { logger } from '../commons/logger.ts';
import { settings } from '../config/settings.ts';
import type { DeliverDeps } from '../use-cases/deliver-alert.ts';

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

/** What delivering an alert or a notice needs, on AWS or in the local stack. */
export const deliverDeps = (): DeliverDeps => ({
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
