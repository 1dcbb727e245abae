/** X's signature as X sends it, written apart from verify.ts (no shared helpers) so that each checks the other. */
import { createHmac } from 'node:crypto';

/** `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, body)>`. */
export const signX = (body: string, consumerSecret: string): Record<string, string> => ({
  'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', consumerSecret).update(body, 'utf8').digest('base64')}`,
});
