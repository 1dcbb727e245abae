/**
 * HMAC-SHA256 and constant-time comparison, shared by the platform verifiers, the paging and chat
 * callbacks and the signed case links.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from './errors.ts';

export const hmacSha256 = (secret: string, message: string): Buffer =>
  createHmac('sha256', secret).update(message, 'utf8').digest();

/** Constant-time comparison; unequal lengths are a mismatch, not an exception. */
export const constantTimeEqual = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b);

export const constantTimeEqualText = (a: string, b: string): boolean =>
  constantTimeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** An empty secret would make every signature forgeable: a deployment fault, not a bad request. */
export const requireSecret = (name: string, secret: string): string => {
  if (secret.length === 0) throw new ConfigError(`${name} is empty`);
  return secret;
};
