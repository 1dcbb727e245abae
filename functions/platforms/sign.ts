/**
 * The headers each platform sends with a webhook body, for `npx sundown replay` and the tests.
 * Written apart from the verifiers (no shared helpers) so that each checks the other.
 */
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body, 'utf8');

/** X: `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, body)>`. */
export const signX = (body: string, consumerSecret: string): Record<string, string> => ({
  'x-twitter-webhooks-signature': `sha256=${hmac(consumerSecret, body).digest('base64')}`,
});

/** Meta: `x-hub-signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`. */
export const signMeta = (body: string, appSecret: string): Record<string, string> => ({
  'x-hub-signature-256': `sha256=${hmac(appSecret, body).digest('hex')}`,
});

/**
 * Standard Webhooks: `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`
 * (`v1,<base64>`), signed by the reference library. `secret` is `whsec_<base64>`.
 */
export const signInbound = (
  body: string,
  secret: string,
  id: string,
  timestamp: Date | number,
): Record<string, string> => {
  const at = typeof timestamp === 'number' ? new Date(timestamp * 1000) : timestamp;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
};
