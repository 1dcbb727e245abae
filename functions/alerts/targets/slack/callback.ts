/**
 * Slack → Sundown: the Acknowledge / Resolve buttons of an alert (format.ts), the Slack target's callback.
 *
 * Signature (slack.md §1): `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret,
 * "v0:" + X-Slack-Request-Timestamp + ":" + raw body)>`. The timestamp is checked first, within
 * five minutes either way, as Slack's SDKs do: an old request is rejected before any HMAC work.
 *
 * Clicks arrive as `application/x-www-form-urlencoded` with one field, `payload`, holding the
 * block_actions JSON (slack.md §2). Slack wants a 200 within 3 seconds and never retries.
 */
import * as z from 'zod/mini';
import { constantTimeEqual, hmacSha256, requireSecret } from '../../../commons/hmac.ts';
import type { WebhookHeaders } from '../../../commons/http.ts';
import { headerValue, PayloadError, parseEnvelope, type VerifyResult } from '../../../commons/signed-request.ts';
import type { TargetCallback } from '../callback.ts';
import { SLACK_ACK_ACTION, SLACK_RESOLVE_ACTION } from './format.ts';
import { updateSlackMessage } from './reply.ts';

export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';
export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
export const SLACK_TOLERANCE_SECONDS = 5 * 60;

const rejected = (reason: string): VerifyResult => ({ ok: false, status: 401, reason });

export const verifySlack = (
  signingSecret: string,
  rawBody: string,
  headers: WebhookHeaders,
  now: Date,
): VerifyResult => {
  requireSecret('Slack signing secret', signingSecret);
  const timestamp = headerValue(headers, SLACK_TIMESTAMP_HEADER)?.trim();
  const signature = headerValue(headers, SLACK_SIGNATURE_HEADER)?.trim();
  if (!timestamp) return rejected(`${SLACK_TIMESTAMP_HEADER}: missing header`);
  if (!signature) return rejected(`${SLACK_SIGNATURE_HEADER}: missing header`);
  if (!/^\d{1,12}$/.test(timestamp))
    return rejected(`${SLACK_TIMESTAMP_HEADER}: malformed header, expected unix seconds`);
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SLACK_TOLERANCE_SECONDS) {
    return rejected(`${SLACK_TIMESTAMP_HEADER}: stale timestamp, more than 5 minutes from now`);
  }
  const digest = /^v0=([0-9a-fA-F]{64})$/.exec(signature)?.[1];
  if (!digest) return rejected(`${SLACK_SIGNATURE_HEADER}: malformed header, expected v0=<hex HMAC-SHA256>`);
  const expected = hmacSha256(signingSecret, `v0:${timestamp}:${rawBody}`);
  return constantTimeEqual(Buffer.from(digest, 'hex'), expected)
    ? { ok: true }
    : rejected(`${SLACK_SIGNATURE_HEADER}: signature mismatch`);
};

const OUR_ACTIONS: ReadonlyMap<string, 'ack' | 'resolve'> = new Map([
  [SLACK_ACK_ACTION, 'ack'],
  [SLACK_RESOLVE_ACTION, 'resolve'],
]);

const interactionSchema = z.looseObject({ type: z.string() });

const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({
    id: z.string().check(z.minLength(1)),
    username: z.optional(z.string()),
    name: z.optional(z.string()),
  }),
  response_url: z.optional(z.url()),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.optional(z.string()) })),
});

const buttonValueSchema = z.strictObject({
  caseId: z.string().check(z.minLength(1)),
  escalationId: z.optional(z.string().check(z.minLength(1))),
});

export type SlackAction =
  | {
      readonly action: 'ack' | 'resolve';
      readonly caseId: string;
      readonly escalationId?: string;
      readonly user: { readonly id: string; readonly name?: string };
      readonly responseUrl?: string;
    }
  | { readonly ignored: string };

const parseJson = (text: string, field: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new PayloadError(`${field}: not valid JSON`);
  }
};

/** Reads a verified interactivity request; clicks on anything but our two buttons are ignored. */
export const parseSlackAction = (rawBody: string): SlackAction => {
  const payload = new URLSearchParams(rawBody).get('payload');
  if (payload === null) throw new PayloadError('payload: missing form field');
  const interaction = parseEnvelope(interactionSchema, parseJson(payload, 'payload'), 'payload');
  if (interaction.type !== 'block_actions') return { ignored: `interaction type ${interaction.type}` };
  const clicked = parseEnvelope(blockActionsSchema, interaction, 'payload');
  const index = clicked.actions.findIndex((action) => OUR_ACTIONS.has(action.action_id));
  const ours = clicked.actions[index];
  const action = ours && OUR_ACTIONS.get(ours.action_id);
  if (!ours || !action) return { ignored: 'no sundown_ack or sundown_resolve action' };
  const field = `payload.actions.${index}.value`;
  if (ours.value === undefined) throw new PayloadError(`${field}: missing`);
  const value = parseEnvelope(buttonValueSchema, parseJson(ours.value, field), field);
  const name = clicked.user.username ?? clicked.user.name;
  return {
    action,
    caseId: value.caseId,
    ...(value.escalationId ? { escalationId: value.escalationId } : {}),
    user: { id: clicked.user.id, ...(name ? { name } : {}) },
    ...(clicked.response_url ? { responseUrl: clicked.response_url } : {}),
  };
};

const VERBS = { ack: 'acknowledged', resolve: 'resolved' } as const;

/** The Slack app's Interactivity Request URL. Slack wants a 200 within 3 seconds and never retries. */
export const slackCallback: TargetCallback = {
  path: '/integrations/slack/actions',
  secret: { name: 'SLACK_SIGNING_SECRET', development: 'local-slack-signing-secret' },
  endpointSetting: 'SLACK_RESPONSE_URL_ORIGIN',
  status: 200,
  verify: (request, secret) => verifySlack(secret, request.rawBody, request.headers, request.now),
  parse: async (request) => {
    const parsed = parseSlackAction(request.rawBody);
    if ('ignored' in parsed) return parsed;
    return {
      action: parsed.action,
      caseId: parsed.caseId,
      ...(parsed.escalationId && { escalationId: parsed.escalationId }),
      who: parsed.user.name ?? parsed.user.id,
      ...(parsed.responseUrl && { replyUrl: parsed.responseUrl }),
    };
  },
  // The alert message itself is replaced through response_url; this answers the clicker only.
  answer: (acted, found) => ({
    response_type: 'ephemeral',
    replace_original: false,
    text: found ? `Case ${acted.caseId} ${VERBS[acted.action]} by ${acted.who}` : `Sundown has no case ${acted.caseId}`,
  }),
  reply: async (acted, deps) => {
    if (!acted.replyUrl) return;
    const caseUrl = await deps.caseLink(acted.caseId, 'slack');
    // The case has been acted on: a link that cannot be signed must not turn the click into an error.
    if (!caseUrl) return deps.warn('slack message not updated after a click', { caseId: acted.caseId });
    const extraOrigin = deps.endpoints?.slack;
    await updateSlackMessage(
      acted.replyUrl,
      { action: acted.action, caseId: acted.caseId, who: acted.who, at: acted.at, caseUrl },
      { ...(extraOrigin && { extraOrigin }), warn: deps.warn },
    );
  },
};
