/**
 * Delivers an alert to one target. Builders in targets/ make the message; this file only fetches
 * the secret, sends, and reports failure as AlertDeliveryError (retryable unless `permanent`).
 */
import type { AlertTarget } from '../config/sla-schema.ts';
import type { Alert } from './alert.ts';
import { AlertDeliveryError } from './errors.ts';
import { type HttpDeps, postJson } from './http.ts';
import { consoleText } from './targets/console.ts';
import { emailMessage } from './targets/email.ts';
import {
  type PagerDutyEvent,
  type PagerDutyFollowUp,
  pagerDutyFollowUp,
  pagerDutyTrigger,
} from './targets/pagerduty.ts';
import { slackMessage } from './targets/slack.ts';
import { signedWebhookRequest } from './targets/webhook.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface AlertDeps extends HttpDeps {
  /** Looks a secret up by its UPPER_SNAKE name (the target config holds names, never values). */
  readonly secrets: (name: string) => Promise<string | undefined>;
  /** Publishes to the deployment's SNS alert topic, whose subscriptions are the e-mail addresses. */
  readonly publishEmail?: (subject: string, body: string) => Promise<void>;
  /** Where the console target prints. @default console.log */
  readonly log?: (line: string) => void;
  /** @default PAGERDUTY_EVENTS_URL */
  readonly pagerDutyEndpoint?: string;
  /** The time of this attempt, signed into webhook-timestamp. @default () => new Date() */
  readonly now?: () => Date;
}

type TargetOf<T extends AlertTarget['type']> = Extract<AlertTarget, { type: T }>;

export const secretValue = async (target: AlertTarget['type'], name: string, deps: AlertDeps): Promise<string> => {
  let value: string | undefined;
  try {
    value = await deps.secrets(name);
  } catch (error) {
    throw new AlertDeliveryError(
      { target, reason: `secret ${name} could not be read`, permanent: false },
      { cause: error },
    );
  }
  if (!value) throw new AlertDeliveryError({ target, reason: `secret ${name} is not set`, permanent: true });
  return value;
};

export const sendPagerDuty = async (
  target: TargetOf<'pagerduty'>,
  event: (routingKey: string) => PagerDutyEvent,
  deps: AlertDeps,
): Promise<void> => {
  const routingKey = await secretValue('pagerduty', target.routingKeySecret, deps);
  const url = deps.pagerDutyEndpoint ?? PAGERDUTY_EVENTS_URL;
  await postJson('pagerduty', { url, body: JSON.stringify(event(routingKey)) }, deps);
};

export const sendSlack = async (target: TargetOf<'slack'>, message: object, deps: AlertDeps): Promise<void> => {
  const url = await secretValue('slack', target.webhookUrlSecret, deps);
  await postJson('slack', { url, body: JSON.stringify(message) }, deps);
};

export const sendEmail = async (
  { subject, body }: { readonly subject: string; readonly body: string },
  deps: AlertDeps,
): Promise<void> => {
  if (!deps.publishEmail) {
    throw new AlertDeliveryError({ target: 'email', reason: 'no e-mail publisher is wired', permanent: true });
  }
  try {
    await deps.publishEmail(subject, body);
  } catch (error) {
    throw new AlertDeliveryError(
      { target: 'email', reason: `publish failed: ${(error as Error).message}`, permanent: false },
      { cause: error },
    );
  }
};

export const deliverAlert = async (alert: Alert, target: AlertTarget, deps: AlertDeps): Promise<void> => {
  switch (target.type) {
    case 'slack':
      return sendSlack(target, slackMessage(alert), deps);
    case 'pagerduty':
      // A case resolved in Sundown closes its PagerDuty alert rather than opening another.
      return sendPagerDuty(
        target,
        (key) =>
          alert.kind === 'resolved'
            ? pagerDutyFollowUp('resolve', key, alert.dedupKey)
            : pagerDutyTrigger(alert, key, target.severity),
        deps,
      );
    case 'webhook': {
      const secret = await secretValue('webhook', target.secret, deps);
      const signed = signedWebhookRequest(alert, secret, deps.now?.() ?? new Date());
      return postJson('webhook', { url: target.url, ...signed }, deps);
    }
    case 'email':
      return sendEmail(emailMessage(alert), deps);
    case 'console':
      (deps.log ?? console.log)(consoleText(alert));
      return;
  }
};

const followUp =
  (action: PagerDutyFollowUp['event_action']) =>
  async (alert: Pick<Alert, 'dedupKey'>, target: AlertTarget, deps: AlertDeps): Promise<void> => {
    if (target.type !== 'pagerduty') return;
    await sendPagerDuty(target, (key) => pagerDutyFollowUp(action, key, alert.dedupKey), deps);
  };

/** Closes the PagerDuty alert of a breach (the case was answered or resolved); other targets have nothing to close. */
export const resolveAlert = followUp('resolve');

/** Acknowledges the PagerDuty alert when someone acknowledged in Slack or by link; no-op elsewhere. */
export const acknowledgeAlert = followUp('acknowledge');
