/**
 * Delivers a notice to one target in that target's format, through the same senders as alerts
 * (secrets, timeouts, failures as AlertDeliveryError).
 */
import type { AlertTarget } from '../config/sla-schema.ts';
import { postJson } from './http.ts';
import type { Notice } from './notice.ts';
import { type AlertDeps, secretValue, sendEmail, sendPagerDuty, sendSlack } from './senders.ts';
import { consoleNoticeText } from './targets/console.ts';
import { emailNoticeMessage } from './targets/email.ts';
import { pagerDutyNoticeTrigger } from './targets/pagerduty.ts';
import { slackNoticeMessage } from './targets/slack.ts';
import { signedNoticeRequest } from './targets/webhook.ts';

export const deliverNotice = async (notice: Notice, target: AlertTarget, deps: AlertDeps): Promise<void> => {
  switch (target.type) {
    case 'slack':
      return sendSlack(target, slackNoticeMessage(notice), deps);
    case 'pagerduty':
      return sendPagerDuty(target, (key) => pagerDutyNoticeTrigger(notice, key, target.severity), deps);
    case 'webhook': {
      const secret = await secretValue('webhook', target.secret, deps);
      const signed = signedNoticeRequest(notice, secret, deps.now?.() ?? new Date());
      return postJson('webhook', { url: target.url, ...signed }, deps);
    }
    case 'email':
      return sendEmail(emailNoticeMessage(notice), deps);
    case 'console':
      (deps.log ?? console.log)(consoleNoticeText(notice));
      return;
  }
};
