/** After a Slack click acted on a case, the alert message in Slack is replaced to say so. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { linkExpiry } from '../alerts/case-links.ts';
import { signLink } from '../alerts/links.ts';
import { logger } from '../commons/logger.ts';
import type { SundownConfig } from '../config/schema.ts';
import { settings } from '../config/settings.ts';
import type { Case } from '../domain/case.ts';
import { type SlackUpdateOutcome, updateSlackMessage } from '../integrations/slack-update.ts';
import type { Clock, LinkLedger } from '../ports.ts';
import { baseUrlOf } from './case-links.ts';
import { requiredSecret } from './required-secret.ts';

export const replaceSlackAlert = async (
  event: APIGatewayProxyEventV2,
  responseUrl: string,
  action: 'ack' | 'resolve',
  acted: Case,
  who: string,
  deps: { readonly config: SundownConfig; readonly clock: Clock; readonly linkLedger: LinkLedger },
): Promise<SlackUpdateOutcome> => {
  const expiresAt = linkExpiry(deps.clock.now(), deps.config.alerts.linkTtl);
  let secret: string;
  try {
    secret = await requiredSecret('LINK_SIGNING_SECRET');
  } catch (error) {
    // The case has been acted on: a missing link secret must not turn the click into an error.
    logger.warn('slack message not updated after a click', { caseId: acted.id, reason: (error as Error).message });
    return 'failed';
  }
  const epoch = await deps.linkLedger.epoch(acted.id);
  const caseUrl = signLink({
    ...{ baseUrl: baseUrlOf(event), caseId: acted.id, action: 'view', audience: 'slack', epoch, expiresAt, secret },
  });
  const extraOrigin = settings().SLACK_RESPONSE_URL_ORIGIN;
  return updateSlackMessage(
    responseUrl,
    { action, caseId: acted.id, who, at: new Date(acted.updatedAt), caseUrl },
    { ...(extraOrigin && { extraOrigin }), warn: (message, detail) => logger.warn(message, detail) },
  );
};
