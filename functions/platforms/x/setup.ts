/** After deploy: the X webhook registered (X checks it with a CRC at once) and each brand account subscribed. */
import { randomBytes } from 'node:crypto';
import { constantTimeEqualText } from '../../commons/hmac.ts';
import type { SetupLinks, SetupStep } from '../../commons/setup-step.ts';
import type { SundownConfig } from '../../config/schema.ts';
import type { HandshakeProbe } from '../platform.ts';
import { crcResponse } from './verify.ts';

export const xSetup =
  (consumerSecret: string, path: string) =>
  (config: SundownConfig, links: SetupLinks): SetupStep | undefined => {
    const url = links.urlOf(path);
    const handles = config.accounts.filter((a) => a.channel === 'x').map((a) => `@${a.handle ?? a.id}`);
    if (!url || handles.length === 0) return undefined;
    return {
      title: 'X: register the webhook and subscribe each brand account',
      lines: [
        `Webhook URL: ${url}`,
        `1. ${links.storeSecret(consumerSecret)}   # the app's API secret key (X answers the CRC with it)`,
        '2. Register the URL (app bearer token); X sends a CRC at once, Sundown answers it:',
        `   curl -sS -X POST https://api.x.com/2/webhooks -H "Authorization: Bearer $X_BEARER_TOKEN" -H 'Content-Type: application/json' -d '{"url":"${url}"}'`,
        '   Keep the "id" of the answer as WEBHOOK_ID.',
        `3. Subscribe ${handles.join(', ')}, signed in as that account (OAuth 1.0a user context, e.g. with xurl):`,
        '   xurl -X POST "/2/account_activity/webhooks/$WEBHOOK_ID/subscriptions/all"',
      ],
    };
  };

/** A CRC as X sends one when a webhook is registered; the answer must carry the HMAC of the token. */
export const xProbe = (consumerSecret: string): HandshakeProbe => {
  const token = randomBytes(24).toString('base64url');
  const expected = crcResponse(consumerSecret, token).response_token;
  return {
    query: { crc_token: token },
    answers: (body) => {
      try {
        const answer = (JSON.parse(body) as { response_token?: unknown }).response_token;
        return typeof answer === 'string' && constantTimeEqualText(answer, expected);
      } catch {
        return false;
      }
    },
  };
};
