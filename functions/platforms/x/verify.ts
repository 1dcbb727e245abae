/**
 * X webhook security (docs.x.com webhooks quickstart; see x.md): the CRC challenge answered on GET,
 * and `x-twitter-webhooks-signature: sha256=<base64>` over the raw body on POST. Both are
 * HMAC-SHA256 keyed by the app's consumer secret. X signs no timestamp, so there is no replay
 * window to check: duplicates are caught by eventId downstream.
 */
import { PayloadError } from '../errors.ts';
import { hmacSha256, requireSecret, verifySha256Header } from '../signature.ts';
import type { VerifyResult, WebhookHeaders } from '../types.ts';

export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

/**
 * The shape of the tokens X sends: short, base64 or base64url text. The CRC answer is the very HMAC
 * that signs a POST body, so answering any text would sign any body for anyone: no JSON document
 * (which needs `{`, `"` or `:`) can pass this.
 */
export const CRC_TOKEN_PATTERN = /^[A-Za-z0-9_\-+/]{8,200}={0,2}$/;

/** The JSON body to answer `GET ?crc_token=...` with (HTTP 200). */
export const crcResponse = (consumerSecret: string, crcToken: string): { response_token: string } => {
  requireSecret('X consumer secret', consumerSecret);
  if (!crcToken) throw new PayloadError('crc_token: missing');
  if (!CRC_TOKEN_PATTERN.test(crcToken)) {
    throw new PayloadError('crc_token: not a token X sends (8 to 200 base64 or base64url characters)');
  }
  return { response_token: `sha256=${hmacSha256(consumerSecret, crcToken).toString('base64')}` };
};

export const verifyX = (consumerSecret: string, rawBody: string, headers: WebhookHeaders): VerifyResult =>
  verifySha256Header({
    secret: requireSecret('X consumer secret', consumerSecret),
    rawBody,
    headers,
    header: X_SIGNATURE_HEADER,
    encoding: 'base64',
  });
