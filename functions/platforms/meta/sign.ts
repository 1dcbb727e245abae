/** Meta's signature as Meta sends it, written apart from verify.ts (no shared helpers) so that each checks the other. */
import { createHmac } from 'node:crypto';

/** `x-hub-signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`. */
export const signMeta = (body: string, appSecret: string): Record<string, string> => ({
  'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`,
});
