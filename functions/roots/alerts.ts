/**
 * The alert worker's composition root, and the delivery parts it shares with the alarm forwarder:
 * the notifier over the configured targets, signed case links, claims so each alert goes once.
 */
import { secretsOnAws } from '../adapters/secrets.ts';
import { fetchSecret } from '../adapters/secrets-manager.ts';
import { printedEmail, snsEmailPublisher } from '../adapters/sns/email-publisher.ts';
import { publicBaseUrl, signedCaseLinks } from '../alerts/case-links.ts';
import { type SendDeps, targetNotifier } from '../alerts/notifier.ts';
import { endpointSettings } from '../alerts/targets/registry.ts';
import { logger } from '../commons/logger.ts';
import type { WritePace } from '../commons/write-pace.ts';
import { endpointOverrides, settings } from '../config/settings.ts';
import type { DeadLetterQueue, MetricsRecorder, Secrets } from '../ports.ts';
import type { DeliverDeps } from '../use-cases/deliver-alert.ts';
import {
  type Core,
  caseStore,
  claims,
  core,
  deadLetterQueue,
  linkLedger,
  type Substitutes,
  secrets,
  writePace,
} from './parts.ts';

const logConsoleAlert = (text: string): void => {
  logger.info('console alert target: alert text is logged at DEBUG only');
  logger.debug('console alert', { text });
};

const sendDeps = (substitutes: Substitutes, reader: Secrets): SendDeps => {
  const endpoints = endpointOverrides(endpointSettings('send'));
  return {
    secrets: (name) => reader.get(name),
    ...(Object.keys(endpoints).length > 0 && { endpoints }),
    publishEmail: secretsOnAws() ? snsEmailPublisher(settings().EMAIL_TOPICS) : printedEmail,
    // On AWS stdout is CloudWatch Logs: the console target's text quotes the customer, so DEBUG only.
    ...(secretsOnAws() && { log: logConsoleAlert }),
    ...substitutes.sending,
  };
};

/** What delivering an alert or a notice needs, on AWS or in the local stack. */
export const deliveryDeps = (substitutes: Substitutes, parts: Core): DeliverDeps => {
  const { clock, config, newId } = parts;
  // Targets sign with, or are, a secret: read with every alert.
  const reader = secrets(substitutes, { fetch: fetchSecret });
  const ledger = linkLedger(substitutes, clock, newId);
  return {
    store: caseStore(substitutes, parts.metrics),
    claims: claims(substitutes, clock),
    clock,
    config,
    newId,
    notifier: targetNotifier(config.targets, sendDeps(substitutes, reader)),
    links: signedCaseLinks({
      baseUrl: publicBaseUrl(config.publicBaseUrl, settings().PUBLIC_BASE_URL),
      lifetime: config.alerts.linkTtl,
      secret: () => reader.require('LINK_SIGNING_SECRET', 'alerts cannot carry signed links'),
      epoch: (caseId) => ledger.epoch(caseId),
      now: () => clock.now(),
    }),
  };
};

export interface AlertsRoot {
  readonly deliver: DeliverDeps;
  readonly deadLetters: DeadLetterQueue;
  readonly metrics: MetricsRecorder;
  /** This copy's share of the table's write units, if the function is given one. */
  readonly writePace: WritePace | undefined;
}

export const composeAlerts = (substitutes: Substitutes = {}): AlertsRoot => {
  const parts = core(substitutes);
  return {
    deliver: deliveryDeps(substitutes, parts),
    deadLetters: deadLetterQueue(substitutes, 'ALERT_DLQ_URL'),
    metrics: parts.metrics,
    writePace: writePace(substitutes),
  };
};
