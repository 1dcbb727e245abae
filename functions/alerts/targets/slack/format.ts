/**
 * The Block Kit message posted to a Slack incoming webhook (slack.md §4): a `text` fallback for
 * notifications, and blocks with the customer's words, the reach, the wait and two buttons.
 *
 * Clicking a button makes Slack POST a block_actions payload to the Interactivity Request URL of
 * the app that owns the webhook (callback.ts reads it); the buttons only work when that
 * app has interactivity switched on and pointed at Sundown. The signed links work regardless.
 */

import type { Notice } from '../../../domain/queue-messages.ts';
import {
  type Alert,
  clockStatus,
  customerLabel,
  customerReach,
  deadlineLabel,
  formatWaiting,
  truncate,
  waitingMs,
} from '../../alert.ts';
import { webLinks, withWebUrls } from '../../web-url.ts';

export const SLACK_ACK_ACTION = 'sundown_ack';
export const SLACK_RESOLVE_ACTION = 'sundown_resolve';
export const SLACK_ACTIONS_BLOCK = 'sundown_case_actions';
export const SLACK_NOTICE_LINKS_BLOCK = 'sundown_notice_links';

/** What a button's `value` carries back to us in block_actions. */
export interface SlackButtonValue {
  readonly caseId: string;
  readonly escalationId: string;
}

interface Text {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
  readonly emoji?: boolean;
}

interface Button {
  readonly type: 'button';
  readonly action_id: string;
  readonly text: Text;
  readonly value?: string;
  /** A link button: Slack opens the URL and still sends block_actions, which Sundown ignores. */
  readonly url?: string;
  readonly style?: 'primary' | 'danger';
}

export type SlackBlock =
  | { readonly type: 'header'; readonly text: Text }
  | { readonly type: 'section'; readonly text?: Text; readonly fields?: readonly Text[] }
  | { readonly type: 'context'; readonly elements: readonly Text[] }
  | { readonly type: 'actions'; readonly block_id: string; readonly elements: readonly Button[] };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

// Block Kit limits: header text 150 characters, section text 3000, each field 2000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/** mrkdwn treats &, < and > as control characters; everything else shows as typed. */
const escapeMrkdwn = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const mrkdwn = (text: string): Text => ({ type: 'mrkdwn', text });
const plain = (text: string): Text => ({ type: 'plain_text', text, emoji: true });

const link = (url: string, label: string): string => `<${escapeMrkdwn(url).replaceAll('|', '%7C')}|${label}>`;

const quote = (text: string): string =>
  escapeMrkdwn(truncate(text.trim() || '(no text)', SECTION_MAX - 200))
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

const HEADLINES: Readonly<Record<Alert['kind'], string>> = {
  warning: ':warning: SLA warning',
  breach: ':rotating_light: SLA breached',
  escalation: ':rotating_light: Escalation',
  resolved: ':white_check_mark: Resolved',
};

export const headline = (alert: Alert): string => {
  const level = alert.kind === 'escalation' ? ` (level ${alert.level})` : '';
  return `${HEADLINES[alert.kind]}${level}: ${alert.brand}, ${deadlineLabel(alert)} on ${alert.channel}`;
};

const buttons = (alert: Alert): SlackBlock => {
  const value = JSON.stringify({ caseId: alert.caseId, escalationId: alert.escalationId } satisfies SlackButtonValue);
  return {
    type: 'actions',
    block_id: SLACK_ACTIONS_BLOCK,
    elements: [
      ...(alert.ackUrl
        ? [
            {
              type: 'button',
              action_id: SLACK_ACK_ACTION,
              text: plain('Acknowledge'),
              value,
              style: 'primary',
            } as const,
          ]
        : []),
      ...(alert.resolveUrl
        ? [{ type: 'button', action_id: SLACK_RESOLVE_ACTION, text: plain('Resolve'), value } as const]
        : []),
    ],
  };
};

export const slackMessage = (raw: Alert): SlackMessage => {
  const alert = withWebUrls(raw);
  const who = customerLabel(alert.customer);
  const reach = customerReach(alert.customer);
  const links = [
    alert.postUrl ? link(alert.postUrl, 'View the post') : undefined,
    link(alert.caseUrl, 'Open the case'),
  ].filter((part) => part !== undefined);
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(truncate(headline(alert), HEADER_MAX)) },
    { type: 'section', text: mrkdwn(`*${escapeMrkdwn(who)}* wrote:\n${quote(alert.latestCustomerText)}`) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Channel*\n${escapeMrkdwn(alert.channel)}`),
        mrkdwn(`*Reach*\n${escapeMrkdwn(reach ?? 'unknown')}`),
        mrkdwn(`*Unanswered for*\n${formatWaiting(waitingMs(alert))}`),
        mrkdwn(`*Priority*\n${alert.priority}`),
        mrkdwn(`*SLA*\n${clockStatus(alert)}`),
        ...(alert.assignee ? [mrkdwn(`*Assigned to*\n${escapeMrkdwn(alert.assignee)}`)] : []),
      ],
    },
    { type: 'context', elements: [mrkdwn(links.join('  ·  '))] },
  ];
  // The buttons act through Slack's callback; they are offered where the alert offers the links.
  if (alert.kind !== 'resolved' && (alert.ackUrl || alert.resolveUrl)) blocks.push(buttons(alert));
  return {
    text: escapeMrkdwn(
      `${headline(alert)}: ${who} waiting ${formatWaiting(waitingMs(alert))}: "${truncate(alert.latestCustomerText, 200)}"`,
    ),
    blocks,
  };
};

/** A notice (hand-off, reminder, surge, digest): header, the text, and one link button per link. */
export const slackNoticeMessage = (notice: Notice): SlackMessage => {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(truncate(notice.title, HEADER_MAX)) },
    { type: 'section', text: mrkdwn(escapeMrkdwn(truncate(notice.text.trim() || notice.title, SECTION_MAX))) },
  ];
  const links = webLinks(notice.links).slice(0, 25);
  if (links.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: SLACK_NOTICE_LINKS_BLOCK,
      elements: links.map((l, i) => ({
        type: 'button',
        action_id: `sundown_notice_link_${i}`,
        text: plain(truncate(l.label, 75)),
        url: l.url,
      })),
    });
  }
  return { text: escapeMrkdwn(truncate(notice.title, 200)), blocks };
};
