/**
 * The marker that leads a PagerDuty incident back to its case when the webhook carries no
 * incident_key: `[sundown:<caseId>:<clock>:<generation>:<mac>]` at the end of the summary
 * PagerDuty copies into the incident title. The MAC (HMAC-SHA256 under the link-signing secret,
 * domain-separated) is what makes it ours: the same title also quotes the customer, and a
 * customer who writes a marker must not be able to steer on-call's acknowledgement to a case.
 */
import { constantTimeEqualText, hmacSha256, requireSecret } from '../commons/hmac.ts';
import { type DedupKeyParts, parseDedupKey } from './alert.ts';

/** 16 bytes of the HMAC, 22 base64url characters: out of reach of guessing, short in a title. */
const MARKERS = /\[(sundown:[0-9A-Za-z_-]+:[A-Za-z]+:\d+):([A-Za-z0-9_-]{22})\]/g;

const macOf = (secret: string, dedupKey: string): string =>
  hmacSha256(requireSecret('link signing secret', secret), `pagerduty-callback-marker|${dedupKey}`)
    .subarray(0, 16)
    .toString('base64url');

export const callbackMarker = (secret: string, dedupKey: string): string => `[${dedupKey}:${macOf(secret, dedupKey)}]`;

/**
 * Text from outside (customer words, names) quoted next to a marker: `[sundown:` loses its
 * bracket meaning, so nothing the customer wrote can look like a marker, forged or copied.
 */
export const neutraliseMarkers = (text: string): string => text.replace(/\[(\s*)sundown:/gi, '($1sundown:');

/** The dedup key of the one marker in the text whose MAC verifies; the last one wins. */
export const authenticatedMarker = (
  secret: string,
  text: string,
): (DedupKeyParts & { readonly key: string }) | undefined => {
  const verified = [...text.matchAll(MARKERS)].filter(([, key = '', mac = '']) =>
    constantTimeEqualText(mac, macOf(secret, key)),
  );
  const key = verified.at(-1)?.[1];
  const parts = key ? parseDedupKey(key) : undefined;
  return key && parts ? { ...parts, key } : undefined;
};
