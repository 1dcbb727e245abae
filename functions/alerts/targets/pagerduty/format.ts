/**
 * PagerDuty Events API v2 bodies (pagerduty.md §A). Every alert of one breach shares the
 * dedup_key `sundown:<caseId>:<clock>:<generation>`, so later levels land on the same PagerDuty
 * alert, and acknowledge/resolve reach it.
 *
 * The summary, which PagerDuty copies into the incident title, ends with the alert's callback
 * marker `[<dedupKey>:<mac>]`: v3 webhooks do not always carry the incident_key, so the title is
 * how pagerduty/callback.ts finds the case again (see there). The marker is appended after
 * truncation so it is never cut, and the quoted text before it cannot carry one of its own.
 */

import type { Notice } from '../../../domain/queue-messages.ts';
import {
  type Alert,
  clockStatus,
  customerLabel,
  customerReach,
  formatWaiting,
  truncate,
  waitingMs,
} from '../../alert.ts';
import { neutraliseMarkers } from '../../callback-marker.ts';
import { webLinks, withWebUrls } from '../../web-url.ts';

export const PAGERDUTY_SUMMARY_MAX = 1024;
export const PAGERDUTY_DEDUP_KEY_MAX = 255;

export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];

export interface PagerDutyTrigger {
  readonly routing_key: string;
  readonly event_action: 'trigger';
  readonly dedup_key: string;
  readonly payload: {
    readonly summary: string;
    readonly source: 'sundown';
    readonly severity: PagerDutySeverity;
    readonly timestamp: string;
    readonly component: string;
    readonly group: string;
    readonly class: string;
    readonly custom_details: Readonly<Record<string, string | number | boolean>>;
  };
  readonly links: readonly { readonly href: string; readonly text: string }[];
  readonly client: 'Sundown';
  readonly client_url: string;
}

export interface PagerDutyFollowUp {
  readonly routing_key: string;
  readonly event_action: 'acknowledge' | 'resolve';
  readonly dedup_key: string;
}

export type PagerDutyEvent = PagerDutyTrigger | PagerDutyFollowUp | PagerDutyNoticeTrigger;

export const pagerDutySummary = (alert: Alert): string => {
  const marker = alert.callbackMarker ? ` ${alert.callbackMarker}` : '';
  const text = `${alert.brand} ${alert.channel}: ${clockStatus(alert)}, ${customerLabel(alert.customer)} wrote "${alert.latestCustomerText.replace(/\s+/g, ' ').trim()}"`;
  return `${truncate(neutraliseMarkers(text), PAGERDUTY_SUMMARY_MAX - marker.length)}${marker}`;
};

const checkDedupKey = (dedupKey: string): string => {
  if (dedupKey.length > PAGERDUTY_DEDUP_KEY_MAX) {
    throw new RangeError(`dedup_key: ${dedupKey.length} characters, PagerDuty allows ${PAGERDUTY_DEDUP_KEY_MAX}`);
  }
  return dedupKey;
};

/** A warning is not yet a breach: it never pages above `warning`, whatever the target says. */
const severityOf = (alert: Alert, configured: PagerDutySeverity): PagerDutySeverity =>
  alert.kind === 'warning' && (configured === 'critical' || configured === 'error') ? 'warning' : configured;

export const pagerDutyTrigger = (raw: Alert, routingKey: string, severity: PagerDutySeverity): PagerDutyTrigger => {
  const alert = withWebUrls(raw);
  const reach = customerReach(alert.customer);
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: checkDedupKey(alert.dedupKey),
    payload: {
      summary: pagerDutySummary(alert),
      source: 'sundown',
      severity: severityOf(alert, severity),
      timestamp: alert.raisedAt,
      component: alert.channel,
      group: alert.brand,
      class: alert.clock,
      custom_details: {
        case_id: alert.caseId,
        kind: alert.kind,
        priority: alert.priority,
        customer: customerLabel(alert.customer),
        ...(reach ? { reach } : {}),
        customer_text: truncate(alert.latestCustomerText, 4000),
        waiting: formatWaiting(waitingMs(alert)),
        waiting_since: alert.waitingSince,
        due_at: alert.dueAt,
        level: alert.level,
        round: alert.round,
        ...(alert.ackUrl && { acknowledge_url: alert.ackUrl }),
        ...(alert.resolveUrl && { resolve_url: alert.resolveUrl }),
      },
    },
    links: [
      { href: alert.caseUrl, text: 'Open the case in Sundown' },
      ...(alert.postUrl ? [{ href: alert.postUrl, text: `The customer's post on ${alert.channel}` }] : []),
    ],
    client: 'Sundown',
    client_url: alert.caseUrl,
  };
};

export const pagerDutyFollowUp = (
  action: PagerDutyFollowUp['event_action'],
  routingKey: string,
  dedupKey: string,
): PagerDutyFollowUp => ({ routing_key: routingKey, event_action: action, dedup_key: checkDedupKey(dedupKey) });

export interface PagerDutyNoticeTrigger {
  readonly routing_key: string;
  readonly event_action: 'trigger';
  readonly dedup_key: string;
  readonly payload: {
    readonly summary: string;
    readonly source: 'sundown';
    readonly severity: PagerDutySeverity;
    readonly class: string;
    readonly custom_details: Readonly<Record<string, unknown>>;
  };
  readonly links: readonly { readonly href: string; readonly text: string }[];
  readonly client: 'Sundown';
}

/** A notice opens its own PagerDuty alert, deduplicated on the notice id. */
export const pagerDutyNoticeTrigger = (
  notice: Notice,
  routingKey: string,
  severity: PagerDutySeverity,
): PagerDutyNoticeTrigger => ({
  routing_key: routingKey,
  event_action: 'trigger',
  dedup_key: checkDedupKey(notice.noticeId),
  payload: {
    summary: truncate(notice.title, PAGERDUTY_SUMMARY_MAX),
    source: 'sundown',
    severity,
    class: notice.kind,
    custom_details: notice.payload,
  },
  links: webLinks(notice.links).map((l) => ({ href: l.url, text: l.label })),
  client: 'Sundown',
});
