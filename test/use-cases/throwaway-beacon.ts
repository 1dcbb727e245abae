/**
 * A throwaway alert target for tests only: a "beacon" lit on a hill, whose keepers call Sundown
 * back with `x-beacon-signature: <hex HMAC-SHA256(secret, body)>`. Written as a new target would
 * be: one module with its callback, its setup step and its secrets, registered by the test.
 */
import * as z from 'zod';
import { defineTarget } from '../../functions/alerts/targets/target-module.ts';
import { constantTimeEqual, hmacSha256 } from '../../functions/commons/hmac.ts';
import { headerValue } from '../../functions/commons/signed-request.ts';

export const BEACON_PATH = '/integrations/beacon';
export const BEACON_SECRET = 'BEACON_SIGNING_SECRET';
export const BEACON_SETUP_TITLE = 'Beacon: give each hill its key and the callback URL';

export const beacon = defineTarget({
  type: 'beacon',
  schema: z.strictObject({ type: z.literal('beacon'), hill: z.string().min(1), keySecret: z.string().min(1) }),
  capabilities: { pages: false, acknowledges: true, resolves: false, interactive: true },
  secretNames: (config) => [config.keySecret],
  sendAlert: async () => undefined,
  sendNotice: async () => undefined,
  callback: {
    path: BEACON_PATH,
    secret: { name: BEACON_SECRET, development: 'local-beacon-signing-secret' },
    status: 200,
    verify: (request, secret) =>
      constantTimeEqual(
        Buffer.from(headerValue(request.headers, 'x-beacon-signature') ?? '', 'hex'),
        hmacSha256(secret, request.rawBody),
      )
        ? { ok: true }
        : { ok: false, status: 401, reason: 'x-beacon-signature: signature mismatch' },
    parse: async () => ({ ignored: 'beacons only burn' }),
  },
  setup: ({ urlOf, storeSecret, targets }) => {
    const url = urlOf(BEACON_PATH);
    if (!url || targets.length === 0) return undefined;
    return {
      title: BEACON_SETUP_TITLE,
      lines: [
        `Callback URL: ${url}`,
        storeSecret(BEACON_SECRET),
        ...targets.map(({ name, config }) => `${name}: ${storeSecret(config.keySecret)}`),
      ],
    };
  },
});
