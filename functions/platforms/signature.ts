/**
 * Signature header checks shared by the X and Meta verifiers, on the HMAC primitives of
 * commons/hmac.ts (re-exported for the verifiers). Standard Webhooks has its own library (see inbound/verify.ts).
 */
import { constantTimeEqual, constantTimeEqualText, hmacSha256, requireSecret } from '../commons/hmac.ts';
import { headerValue } from '../commons/signed-request.ts';
import type { VerifyResult, WebhookHeaders } from './types.ts';

export { constantTimeEqual, constantTimeEqualText, headerValue, hmacSha256, requireSecret };

const DIGEST_FORMATS = {
  // 32 bytes: 44 base64 characters with one padding `=`, or 64 hex digits.
  base64: /^[A-Za-z0-9+/]{43}=$/,
  hex: /^[0-9a-fA-F]{64}$/,
} as const;

export interface PrefixedHmacCheck {
  readonly secret: string;
  readonly rawBody: string;
  readonly headers: WebhookHeaders;
  /** Lower-case header name. */
  readonly header: string;
  readonly encoding: keyof typeof DIGEST_FORMATS;
}

const rejected = (reason: string): VerifyResult => ({ ok: false, status: 401, reason });

/** Checks a `sha256=<digest>` header carrying HMAC-SHA256(secret, raw body). */
export const verifySha256Header = ({ secret, rawBody, headers, header, encoding }: PrefixedHmacCheck): VerifyResult => {
  const value = headerValue(headers, header)?.trim();
  if (!value) return rejected(`${header}: missing header`);
  const digest = value.startsWith('sha256=') ? value.slice('sha256='.length) : undefined;
  if (digest === undefined || !DIGEST_FORMATS[encoding].test(digest)) {
    return rejected(`${header}: malformed header, expected sha256=<${encoding} HMAC-SHA256>`);
  }
  const presented = Buffer.from(digest, encoding);
  return constantTimeEqual(presented, hmacSha256(secret, rawBody))
    ? { ok: true }
    : rejected(`${header}: signature mismatch`);
};
