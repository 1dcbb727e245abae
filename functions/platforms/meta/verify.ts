/**
 * Meta Webhooks security (Graph API Webhooks "Getting Started"; see meta.md): the GET
 * subscription handshake and `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 of the raw body
 * keyed by the App Secret. Meta signs the body as sent, with non-ASCII \u-escaped, so only the
 * raw bytes verify, never a re-serialisation. No timestamp is signed: duplicates are caught by eventId.
 */
import { constantTimeEqualText, requireSecret, verifySha256Header } from '../signature.ts';
import type { VerifyResult, WebhookHeaders } from '../types.ts';

export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

export const verifyMeta = (appSecret: string, rawBody: string, headers: WebhookHeaders): VerifyResult =>
  verifySha256Header({
    secret: requireSecret('Meta app secret', appSecret),
    rawBody,
    headers,
    header: META_SIGNATURE_HEADER,
    encoding: 'hex',
  });

export type HandshakeResult = { ok: true; challenge: string } | { ok: false; status: 400 | 403; reason: string };

/**
 * `GET ?hub.mode=subscribe&hub.challenge=...&hub.verify_token=...`: answer the bare challenge
 * (text, not JSON) when the token is ours. A malformed request is 400, a wrong token 403.
 */
export const metaHandshake = (
  query: Readonly<Record<string, string | undefined>>,
  verifyToken: string,
): HandshakeResult => {
  requireSecret('Meta verify token', verifyToken);
  const mode = query['hub.mode'];
  const challenge = query['hub.challenge'];
  const token = query['hub.verify_token'];
  if (!mode) return { ok: false, status: 400, reason: 'hub.mode: missing' };
  if (mode !== 'subscribe') return { ok: false, status: 400, reason: `hub.mode: expected subscribe, got ${mode}` };
  if (!challenge) return { ok: false, status: 400, reason: 'hub.challenge: missing' };
  if (!token) return { ok: false, status: 403, reason: 'hub.verify_token: missing' };
  if (!constantTimeEqualText(token, verifyToken))
    return { ok: false, status: 403, reason: 'hub.verify_token: does not match' };
  return { ok: true, challenge };
};
