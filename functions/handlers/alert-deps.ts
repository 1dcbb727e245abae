/** The alert worker's and the alarm forwarder's delivery dependencies, built from the adapters. */
import { adapters } from '../adapters/container.ts';
import { secret, secretsOnAws } from '../adapters/secrets.ts';
import { printedEmail, snsEmailPublisher } from '../adapters/sns/email-publisher.ts';
import { publicBaseUrl, signedCaseLinks } from '../alerts/case-links.ts';
import { type SendDeps, targetNotifier } from '../alerts/notifier.ts';
import { logger } from '../commons/logger.ts';
import { settings } from '../config/settings.ts';
import type { DeliverDeps } from '../use-cases/deliver-alert.ts';

const logConsoleAlert = (text: string): void => {
  logger.info('console alert target: alert text is logged at DEBUG only');
  logger.debug('console alert', { text });
};

const linkSecret = async (): Promise<string> => {
  const value = await secret('LINK_SIGNING_SECRET');
  if (!value) throw new Error('secret LINK_SIGNING_SECRET is not set: alerts cannot carry signed links');
  return value;
};

const sendDeps = (): SendDeps => {
  const pagerDutyUrl = settings().PAGERDUTY_EVENTS_URL;
  return {
    secrets: (name) => secret(name),
    ...(pagerDutyUrl && { endpoints: { pagerduty: pagerDutyUrl } }),
    publishEmail: secretsOnAws() ? snsEmailPublisher(settings().EMAIL_TOPICS) : printedEmail,
    // On AWS stdout is CloudWatch Logs: the console target's text quotes the customer, so DEBUG only.
    ...(secretsOnAws() && { log: logConsoleAlert }),
  };
};

/** What delivering an alert or a notice needs, on AWS or in the local stack. */
export const deliverDeps = (): DeliverDeps => {
  const config = adapters.config();
  return {
    store: adapters.store(),
    claims: adapters.claims(),
    clock: adapters.clock(),
    config,
    newId: adapters.newId(),
    notifier: targetNotifier(config.targets, sendDeps()),
    links: signedCaseLinks({
      baseUrl: publicBaseUrl(config.publicBaseUrl, settings().PUBLIC_BASE_URL),
      lifetime: config.alerts.linkTtl,
      secret: linkSecret,
      epoch: (caseId) => adapters.linkLedger().epoch(caseId),
      now: () => adapters.clock().now(),
    }),
  };
};
