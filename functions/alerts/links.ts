/**
 * Signed, expiring links in alerts: one case, one action. Whoever holds the link may act on
 * that case until it expires, without logging in, which is what makes acknowledging one click.
 *
 * token = base64url(`<expiresAtUnix>.<hex HMAC-SHA256(secret, caseId|action|expiresAtUnix)>`).
 * The case and action are not in the token: they come from the URL path and are bound by the
 * HMAC, so a token moved to another case or action simply does not verify.
 */
import { constantTimeEqualText, hmacSha256, requireSecret } from '../platforms/signature.ts';

export const LINK_ACTIONS = ['ack', 'resolve', 'view', 'handoff'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface SignLinkInput {
  /** Public base URL of the API, e.g. `https://api.example.com`; a trailing slash is ignored. */
  readonly baseUrl: string;
  readonly caseId: string;
  readonly action: LinkAction;
  readonly expiresAt: Date;
  readonly secret: string;
}

export interface VerifyLinkInput {
  readonly caseId: string;
  readonly action: LinkAction;
  readonly token: string;
  readonly secret: string;
  readonly now: Date;
}

/** `mismatch` covers a forged or altered token and a token issued for another case or action. */
export type LinkRejection = 'malformed' | 'mismatch' | 'expired';

export type VerifyLinkResult = { ok: true; expiresAt: Date } | { ok: false; reason: LinkRejection };

const TOKEN = /^(\d{1,12})\.([0-9a-f]{64})$/;

const digest = (secret: string, caseId: string, action: LinkAction, expiresAtUnix: string): string =>
  hmacSha256(requireSecret('link signing secret', secret), `${caseId}|${action}|${expiresAtUnix}`).toString('hex');

/** The token alone, for forms that carry it in their body (the case page's buttons). */
export const signToken = ({ caseId, action, expiresAt, secret }: Omit<SignLinkInput, 'baseUrl'>): string => {
  if (!caseId) throw new RangeError('caseId: empty');
  const expiresAtUnix = String(Math.floor(expiresAt.getTime() / 1000));
  return Buffer.from(`${expiresAtUnix}.${digest(secret, caseId, action, expiresAtUnix)}`).toString('base64url');
};

export const signLink = ({ baseUrl, ...input }: SignLinkInput): string => {
  // Links are clicked from chat, mail and pagers: only ever http(s).
  if (!/^https?:\/\//i.test(baseUrl)) throw new RangeError(`baseUrl: "${baseUrl}" is not an http(s) URL`);
  return `${baseUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(input.caseId)}/${input.action}?token=${signToken(input)}`;
};

/** Signature first, then expiry: only a genuine token is reported as expired. */
export const verifyLink = ({ caseId, action, token, secret, now }: VerifyLinkInput): VerifyLinkResult => {
  const expected = /^[A-Za-z0-9_-]+$/.test(token) ? TOKEN.exec(Buffer.from(token, 'base64url').toString('utf8')) : null;
  if (!expected) return { ok: false, reason: 'malformed' };
  const [, expiresAtUnix = '', presented = ''] = expected;
  if (!constantTimeEqualText(presented, digest(secret, caseId, action, expiresAtUnix))) {
    return { ok: false, reason: 'mismatch' };
  }
  const expiresAt = new Date(Number(expiresAtUnix) * 1000);
  return now.getTime() < expiresAt.getTime() ? { ok: true, expiresAt } : { ok: false, reason: 'expired' };
};
