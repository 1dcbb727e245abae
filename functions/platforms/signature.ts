/**
 * HMAC-SHA256 helpers shared by the X and Meta verifiers. Standard Webhooks has its own
 * library (see inbound/verify.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../commons/errors.ts';
import type { VerifyResult, WebhookHeaders } from './types.ts';

export const hmacSha256 = (secret: string, message: string): Buffer =>
  createHmac('sha256', secret).update(message, 'utf8').digest();

/** Constant-time comparison; unequal lengths are a mismatch, not an exception. */
export const constantTimeEqual = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b);

export const constantTimeEqualText = (a: string, b: string): boolean =>
  constantTimeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export const headerValue = (headers: WebhookHeaders, name: string): string | undefined => {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const match = Object.keys(headers).find((key) => key.toLowerCase() === name);
  return match === undefined ? undefined : headers[match];
};

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

/** An empty secret would make every signature forgeable: a deployment fault, not a bad request. */
export const requireSecret = (name: string, secret: string): string => {
  if (secret.length === 0) throw new ConfigError(`${name} is empty`);
  return secret;
};
