/**
 * Signed, expiring links in alerts. Whoever holds a link may do what it grants on that one case
 * until it expires, without logging in, which is what makes acknowledging one click. So a link
 * carries its limits with it:
 *
 * - `grants`: the actions it allows. An alert's case-page link grants everything (lifting a
 *   case's suppression too, `unsuppress`, a case-page button only); an e-mailed
 *   acknowledge link grants `ack` and `view` only, and every page or token derived from it
 *   (its confirmation page, the case page it links to) inherits those grants and no more.
 * - `audience`: whom it was issued to (`alert`, `handoff`, `dashboard` or a target's type), for the record.
 * - `epoch`: the case's link epoch when it was signed; revoking a case's links bumps the epoch
 *   (LinkLedger), and every link signed before no longer verifies.
 * - `nonce`: what makes an action token single-use (LinkLedger.spend records it).
 *
 * token = `2.<expiresAtUnix>.<epoch>.<grants>.<audience>.<nonce>.<base64url HMAC-SHA256>` over
 * the case and the action as well: they come from the URL path, so a token moved to another case
 * or action does not verify.
 */
import { randomBytes } from 'node:crypto';
import { constantTimeEqualText, hmacSha256, requireSecret } from '../commons/hmac.ts';
import {
  DEFAULT_GRANTS,
  LINK_ACTIONS,
  LINK_AUDIENCE_PATTERN,
  type LinkAction,
  type LinkAudience,
} from '../domain/case-links.ts';

export {
  DEFAULT_GRANTS,
  LINK_ACTIONS,
  LINK_AUDIENCES,
  type LinkAction,
  type LinkAudience,
} from '../domain/case-links.ts';

export interface LinkScope {
  readonly caseId: string;
  readonly expiresAt: Date;
  readonly secret: string;
  /** @default DEFAULT_GRANTS[action] */
  readonly grants?: readonly LinkAction[];
  /** @default 'alert' */
  readonly audience?: LinkAudience;
  /** The case's link epoch (LinkLedger.epoch). @default 0 */
  readonly epoch?: number;
}

export interface SignLinkInput extends LinkScope {
  /** Public base URL of the API, e.g. `https://api.example.com`; a trailing slash is ignored. */
  readonly baseUrl: string;
  readonly action: LinkAction;
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

export interface VerifiedLink {
  readonly ok: true;
  readonly expiresAt: Date;
  readonly grants: readonly LinkAction[];
  readonly audience: LinkAudience;
  readonly epoch: number;
  readonly nonce: string;
}

export type VerifyLinkResult = VerifiedLink | { ok: false; reason: LinkRejection };

const LETTERS: Readonly<Record<LinkAction, string>> = {
  view: 'v',
  ack: 'a',
  resolve: 'r',
  handoff: 'h',
  unsuppress: 'u',
};
const encodeGrants = (grants: readonly LinkAction[]): string =>
  LINK_ACTIONS.filter((a) => grants.includes(a))
    .map((a) => LETTERS[a])
    .join('');
const decodeGrants = (letters: string): LinkAction[] => LINK_ACTIONS.filter((a) => letters.includes(LETTERS[a]));

const TOKEN = /^2\.(\d{1,12})\.(\d{1,9})\.(v?a?r?h?u?)\.([a-z]{1,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

const mac = (secret: string, caseId: string, action: LinkAction, fields: string): string =>
  hmacSha256(requireSecret('link signing secret', secret), `2|${caseId}|${action}|${fields}`).toString('base64url');

/** The token alone, for forms that carry it in their body (the case page's buttons). */
export const signToken = (input: Omit<SignLinkInput, 'baseUrl'>): string => {
  const { caseId, action, expiresAt, secret, audience = 'alert', epoch = 0 } = input;
  if (!caseId) throw new RangeError('caseId: empty');
  if (!LINK_AUDIENCE_PATTERN.test(audience)) throw new RangeError(`audience: "${audience}" is not one lower-case word`);
  const grants = encodeGrants([action, ...(input.grants ?? DEFAULT_GRANTS[action])]);
  const nonce = randomBytes(12).toString('base64url');
  const fields = `${Math.floor(expiresAt.getTime() / 1000)}.${epoch}.${grants}.${audience}.${nonce}`;
  return `2.${fields}.${mac(secret, caseId, action, fields)}`;
};

export const signLink = ({ baseUrl, ...input }: SignLinkInput): string => {
  // Links are clicked from chat, mail and pagers: only ever http(s).
  if (!/^https?:\/\//i.test(baseUrl)) throw new RangeError(`baseUrl: "${baseUrl}" is not an http(s) URL`);
  return `${baseUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(input.caseId)}/${input.action}?token=${signToken(input)}`;
};

/** Signature first, then expiry: only a genuine token is reported as expired. */
export const verifyLink = ({ caseId, action, token, secret, now }: VerifyLinkInput): VerifyLinkResult => {
  const parts = TOKEN.exec(token);
  if (!parts) return { ok: false, reason: 'malformed' };
  const [, expiresAtUnix = '', epoch = '', grants = '', audience = '', nonce = '', presented = ''] = parts;
  const fields = `${expiresAtUnix}.${epoch}.${grants}.${audience}.${nonce}`;
  if (!constantTimeEqualText(presented, mac(secret, caseId, action, fields))) return { ok: false, reason: 'mismatch' };
  const granted = decodeGrants(grants);
  if (!granted.includes(action)) return { ok: false, reason: 'mismatch' };
  const expiresAt = new Date(Number(expiresAtUnix) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt, grants: granted, audience: audience as LinkAudience, epoch: Number(epoch), nonce };
};
