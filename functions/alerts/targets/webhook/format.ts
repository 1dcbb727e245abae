/**
 * A Standard Webhooks delivery (standard-webhooks.md): body `{type, timestamp, data}` and the
 * `webhook-id` / `webhook-timestamp` / `webhook-signature` headers signed by the reference library.
 * webhook-id is the alert id, so a retried delivery has the same id and receivers can dedupe;
 * webhook-timestamp is the time of this attempt, as the spec asks.
 */
import { Webhook } from 'standardwebhooks';
import { ConfigError } from '../../../commons/errors.ts';
import type { Notice } from '../../../domain/queue-messages.ts';
import type { Alert, AlertKind } from '../../alert.ts';
import { withWebUrls } from '../../web-url.ts';

export const WEBHOOK_EVENT_TYPES = {
  warning: 'sundown.case.sla_warning',
  breach: 'sundown.case.breached',
  escalation: 'sundown.case.escalated',
  resolved: 'sundown.case.resolved',
} as const satisfies Record<AlertKind, string>;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[AlertKind];

export interface WebhookEvent {
  readonly type: WebhookEventType;
  /** When the alert was raised: the same on every attempt. */
  readonly timestamp: string;
  readonly data: Alert;
}

export interface SignedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export const webhookEvent = (alert: Alert): WebhookEvent => ({
  type: WEBHOOK_EVENT_TYPES[alert.kind],
  timestamp: alert.raisedAt,
  data: withWebUrls(alert),
});

const signed = (id: string, body: string, secret: string, attemptAt: Date): SignedRequest => {
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch (error) {
    throw new ConfigError(`webhook target secret is unusable: ${(error as Error).message}`);
  }
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(attemptAt.getTime() / 1000)),
      'webhook-signature': webhook.sign(id, attemptAt, body),
    },
  };
};

/** `secret` is the target's `whsec_…` secret; `attemptAt` is now, for the receiver's replay window. */
export const signedWebhookRequest = (alert: Alert, secret: string, attemptAt: Date): SignedRequest =>
  signed(alert.alertId, JSON.stringify(webhookEvent(alert)), secret, attemptAt);

/** A notice as `{type: 'sundown.notice.<kind>', timestamp, data: payload}`; webhook-id is the notice id. */
export const signedNoticeRequest = (notice: Notice, secret: string, attemptAt: Date): SignedRequest => {
  const body = JSON.stringify({
    type: `sundown.notice.${notice.kind}`,
    timestamp: attemptAt.toISOString(),
    data: notice.payload,
  });
  return signed(notice.noticeId.replaceAll('.', '_'), body, secret, attemptAt);
};
