/** Standard Webhooks headers as a sender writes them, with the reference library (verify.ts checks them). */
import { Webhook } from 'standardwebhooks';

/**
 * `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature` (`v1,<base64>`).
 * `secret` is `whsec_<base64>`; a number `timestamp` is unix seconds.
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
