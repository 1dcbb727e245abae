/**
 * Microsoft Teams: an Adaptive Card (schema 1.4, which Teams renders on desktop, web and mobile)
 * in the message envelope a Teams workflow's "When a Teams webhook request is received" trigger
 * takes: `{type: 'message', attachments: [{contentType: 'application/vnd.microsoft.card.adaptive',
 * content: <card>}]}`. Teams has no callback into Sundown here: acknowledge, resolve and the case
 * page are Action.OpenUrl buttons holding the signed one-click links the e-mail carries.
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
import { webLinks, withWebUrls } from '../../web-url.ts';
import { plainHeadline } from '../text.ts';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_VERSION = '1.4';
// Teams shows at most six actions on a card; a message over about 28 KB is refused.
const ACTIONS_MAX = 6;
const TEXT_MAX = 3000;

type Color = 'Default' | 'Attention' | 'Warning' | 'Good';

export type CardElement =
  | {
      readonly type: 'TextBlock';
      readonly text: string;
      readonly wrap: true;
      readonly weight?: 'Bolder';
      readonly size?: 'Medium';
      readonly color?: Color;
      readonly isSubtle?: boolean;
    }
  | { readonly type: 'FactSet'; readonly facts: readonly { readonly title: string; readonly value: string }[] }
  | { readonly type: 'Container'; readonly style: 'emphasis'; readonly items: readonly CardElement[] };

export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
  readonly style?: 'positive' | 'destructive';
}

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly version: typeof ADAPTIVE_CARD_VERSION;
  readonly body: readonly CardElement[];
  readonly actions: readonly OpenUrlAction[];
  readonly msteams: { readonly width: 'Full' };
}

export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [
    { readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; readonly content: AdaptiveCard },
  ];
}

/** TextBlocks read Markdown: what the customer wrote must show as typed, never as a link or heading. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]()#>~|!-]/g, '\\$&');

const text = (value: string, style: Omit<Extract<CardElement, { type: 'TextBlock' }>, 'type' | 'text' | 'wrap'> = {}) =>
  ({ type: 'TextBlock', text: value, wrap: true, ...style }) as const;

const message = (body: readonly CardElement[], actions: readonly OpenUrlAction[]): TeamsMessage => ({
  type: 'message',
  attachments: [
    {
      contentType: ADAPTIVE_CARD_CONTENT_TYPE,
      content: {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: ADAPTIVE_CARD_VERSION,
        body,
        actions: actions.slice(0, ACTIONS_MAX),
        msteams: { width: 'Full' },
      },
    },
  ],
});

const COLORS: Readonly<Record<Alert['kind'], Color>> = {
  warning: 'Warning',
  breach: 'Attention',
  escalation: 'Attention',
  resolved: 'Good',
};

const alertActions = (alert: Alert): OpenUrlAction[] => {
  const open = alert.kind !== 'resolved';
  return [
    ...(open && alert.ackUrl
      ? [{ type: 'Action.OpenUrl', title: 'Acknowledge', url: alert.ackUrl, style: 'positive' } as const]
      : []),
    ...(open && alert.resolveUrl ? [{ type: 'Action.OpenUrl', title: 'Resolve', url: alert.resolveUrl } as const] : []),
    { type: 'Action.OpenUrl', title: 'Open the case', url: alert.caseUrl },
    ...(alert.postUrl ? [{ type: 'Action.OpenUrl', title: 'View the post', url: alert.postUrl } as const] : []),
  ];
};

export const teamsAlertMessage = (raw: Alert): TeamsMessage => {
  const alert = withWebUrls(raw);
  const reach = customerReach(alert.customer);
  const facts = [
    { title: 'Channel', value: alert.channel },
    ...(reach ? [{ title: 'Reach', value: reach }] : []),
    { title: 'Unanswered for', value: formatWaiting(waitingMs(alert)) },
    { title: 'Priority', value: alert.priority },
    { title: 'SLA', value: clockStatus(alert) },
    ...(alert.assignee ? [{ title: 'Assigned to', value: alert.assignee }] : []),
    ...(alert.followUp ? [{ title: 'Follow-up', value: alert.followUp.description }] : []),
    { title: 'Case', value: alert.caseId },
  ].map((fact) => ({ ...fact, value: escapeMarkdown(fact.value) }));
  const body: CardElement[] = [
    text(escapeMarkdown(plainHeadline(alert)), { weight: 'Bolder', size: 'Medium', color: COLORS[alert.kind] }),
    text(`**${escapeMarkdown(customerLabel(alert.customer))}** wrote:`),
    {
      type: 'Container',
      style: 'emphasis',
      items: [text(escapeMarkdown(truncate(alert.latestCustomerText.trim() || '(no text)', TEXT_MAX)))],
    },
    { type: 'FactSet', facts },
  ];
  return message(body, alertActions(alert));
};

/** A notice (hand-off, reminder, surge, digest, operations alarm): its title, text and links. */
export const teamsNoticeMessage = (notice: Notice): TeamsMessage =>
  message(
    [
      text(escapeMarkdown(truncate(notice.title, 200)), { weight: 'Bolder', size: 'Medium' }),
      text(escapeMarkdown(truncate(notice.text.trim() || notice.title, TEXT_MAX))),
      ...(notice.caseId ? [text(`Case ${escapeMarkdown(notice.caseId)}`, { isSubtle: true })] : []),
    ],
    webLinks(notice.links).map((l) => ({ type: 'Action.OpenUrl', title: truncate(l.label, 40), url: l.url })),
  );
