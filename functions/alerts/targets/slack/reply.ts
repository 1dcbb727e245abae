/**
 * Sundown → Slack after a button click: the alert message is replaced in place (the click's
 * response_url with `replace_original: true`) by one saying who acted and when, keeping a button
 * to the case page. Slack wants the click answered within 3 s, so the update has a short deadline
 * and its failure is logged, never passed on to the click.
 *
 * A response_url is only ever https://hooks.slack.com: anything else in a signed payload is
 * refused, so a click cannot make Sundown POST elsewhere. Tests name one more origin.
 */
import { type HttpDeps, postJson } from '../../http.ts';

export const SLACK_RESPONSE_ORIGIN = 'https://hooks.slack.com';
/** Leaves room within Slack's 3 s for acting on the case first. */
export const SLACK_UPDATE_TIMEOUT_MS = 1_500;

export interface SlackActed {
  readonly action: 'ack' | 'resolve';
  readonly caseId: string;
  readonly who: string;
  readonly at: Date;
  /** A signed link to the case page. */
  readonly caseUrl: string;
}

const VERBS = { ack: 'Acknowledged', resolve: 'Resolved' } as const;
const ICONS = { ack: ':eyes:', resolve: ':white_check_mark:' } as const;

const escapeMrkdwn = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** `YYYY-MM-DD HH:MM UTC`: the fallback where Slack cannot show the reader's own time. */
const utcMinute = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The message that replaces the alert: who acted and when, and the case page button. */
export const slackActedMessage = ({ action, caseId, who, at, caseUrl }: SlackActed) => {
  const seconds = Math.floor(at.getTime() / 1000);
  const when = `<!date^${seconds}^{date_short_pretty} at {time}|${utcMinute(at)}>`;
  return {
    replace_original: true,
    text: `${VERBS[action]} by ${escapeMrkdwn(who)} at ${utcMinute(at)}: case ${caseId}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${ICONS[action]} *${VERBS[action]}* by ${escapeMrkdwn(who)} ${when}` },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Case ${caseId}` }] },
      {
        type: 'actions',
        block_id: 'sundown_case_link',
        elements: [
          {
            type: 'button',
            action_id: 'sundown_open_case',
            text: { type: 'plain_text', text: 'Open the case', emoji: true },
            url: caseUrl,
          },
        ],
      },
    ],
  };
};

/** Whether Sundown may POST to this response_url. */
export const allowedResponseUrl = (url: string, extraOrigin?: string): boolean => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.origin === SLACK_RESPONSE_ORIGIN) return true;
  return extraOrigin !== undefined && parsed.origin === new URL(extraOrigin).origin;
};

export interface SlackUpdateDeps extends HttpDeps {
  /** @default none: only SLACK_RESPONSE_ORIGIN */
  readonly extraOrigin?: string;
  readonly warn: (message: string, detail: Record<string, unknown>) => void;
}

export type SlackUpdateOutcome = 'updated' | 'refused' | 'failed';

/** Replaces the clicked message; answers how it went rather than throwing. */
export const updateSlackMessage = async (
  responseUrl: string,
  acted: SlackActed,
  deps: SlackUpdateDeps,
): Promise<SlackUpdateOutcome> => {
  if (!allowedResponseUrl(responseUrl, deps.extraOrigin)) {
    deps.warn('slack response_url refused: not hooks.slack.com', { caseId: acted.caseId });
    return 'refused';
  }
  try {
    await postJson(
      'slack',
      { url: responseUrl, body: JSON.stringify(slackActedMessage(acted)) },
      { ...deps, timeoutMs: deps.timeoutMs ?? SLACK_UPDATE_TIMEOUT_MS },
    );
    return 'updated';
  } catch (error) {
    deps.warn('slack message not updated after a click', {
      caseId: acted.caseId,
      reason: (error as Error).message,
    });
    return 'failed';
  }
};
