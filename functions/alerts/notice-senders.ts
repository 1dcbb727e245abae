/**
 * Delivers a notice to one target in that target's format, through the same senders as alerts
 * (secrets, timeouts, failures as AlertDeliveryError).
 */
import type { AlertTarget } from '../config/sla-schema.ts';
import { AlertDeliveryError } from './errors.ts';
import { postJson } from './http.ts';
import type { Notice } from './notice.ts';
import { type AlertDeps, secretValue, sendPagerDuty } from './senders.ts';
import { consoleNoticeText } from './targets/console.ts';
import { emailNoticeMessage } from './targets/email.ts';
import { pagerDutyNoticeTrigger } from './targets/pagerduty.ts';
import { slackNoticeMessage } from './targets/slack.ts';
import { signedNoticeRequest } from './targets/webhook.ts';

const publishNoticeEmail = async (notice: Notice, deps: AlertDeps): Promise<void> => {
  if (!deps.publishEmail) {
    throw new AlertDeliveryError({ target: 'email', reason: 'no e-mail publisher is wired', permanent: true });
  }
  const { subject, body } = emailNoticeMessage(notice);
  try {
    await deps.publishEmail(subject, body);
  } catch (error) {
    throw new AlertDeliveryError(
      { target: 'email', reason: `publish failed: ${(error as Error).message}`, permanent: false },
      { cause: error },
    );
  }
};

export const deliverNotice = async (notice: Notice, target: AlertTarget, deps: AlertDeps): Promise<void> => {
  switch (target.type) {
    case 'slack': {
      const url = await secretValue('slack', target.webhookUrlSecret, deps);
      return postJson('slack', { url, body: JSON.stringify(slackNoticeMessage(notice)) }, deps);
    }
    case 'pagerduty':
      return sendPagerDuty(target, (key) => pagerDutyNoticeTrigger(notice, key, target.severity), deps);
    case 'webhook': {
      const secret = await secretValue('webhook', target.secret, deps);
      const signed = signedNoticeRequest(notice, secret, deps.now?.() ?? new Date());
      return postJson('webhook', { url: target.url, ...signed }, deps);
    }
    case 'email':
      return publishNoticeEmail(notice, deps);
    case 'console':
      (deps.log ?? console.log)(consoleNoticeText(notice));
      return;
  }
};
