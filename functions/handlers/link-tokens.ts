/**
 * Checking the token a link or form presents, and deriving the tokens of the page it opens.
 * A token verifies only for its case and action, within its expiry, at the case's current link
 * epoch (a revoked link is refused), and an action token only once (the ledger records its use).
 */
import { type LinkAction, signLink, signToken, type VerifiedLink, verifyLink } from '../alerts/links.ts';
import type { HttpResult } from '../commons/http.ts';
import type { Clock, LinkLedger, Secrets } from '../ports.ts';
import { errorPage } from './html-page.ts';
import { requiredSecret } from './required-secret.ts';

export interface TokenCheck {
  readonly caseId: string;
  readonly action: LinkAction;
  readonly token: string | undefined;
  /** Where the token came from, for the message: `query parameter` or `form field`. */
  readonly where: string;
  /** `spend`: record the use, refusing a token used before; `peek`: only refuse one used before. */
  readonly use?: 'spend' | 'peek';
}

/** What checking a token needs, from the actions function's composition root. */
export interface TokenDeps {
  readonly secrets: Secrets;
  readonly clock: Clock;
  readonly linkLedger: LinkLedger;
}

const refused = (message: string): { rejected: HttpResult } => ({
  rejected: errorPage(403, 'Link not valid', message),
});

/** The verified link, or the page to answer with when it is missing, invalid, revoked or used. */
export const checkToken = async (
  check: TokenCheck,
  deps: TokenDeps,
): Promise<{ link: VerifiedLink } | { rejected: HttpResult }> => {
  const { caseId, action, token, where } = check;
  if (!token) return { rejected: errorPage(400, 'Link incomplete', `The ${where} token is required.`) };
  const secret = await requiredSecret(deps.secrets, 'LINK_SIGNING_SECRET');
  const verdict = verifyLink({ caseId, action, token, secret, now: deps.clock.now() });
  if (!verdict.ok) {
    return refused(`This link is ${verdict.reason === 'expired' ? 'expired' : 'not valid'} (token ${verdict.reason}).`);
  }
  const ledger = deps.linkLedger;
  if (verdict.epoch !== (await ledger.epoch(caseId))) {
    return refused('This link has been revoked: ask for a new one (token revoked).');
  }
  const used =
    check.use === 'spend'
      ? !(await ledger.spend(caseId, verdict.nonce, verdict.expiresAt))
      : check.use === 'peek' && (await ledger.spent(caseId, verdict.nonce));
  if (used) return refused('This link has already been used; open the case page for the current state (token used).');
  return { link: verdict };
};

/**
 * Tokens and links for the page a verified link opens: the same case, expiry, audience and epoch,
 * and only the actions that link grants. A page never outlives or outgrows its link.
 */
export const derivedFrom = async (caseId: string, link: VerifiedLink, secrets: Secrets) => {
  const secret = await requiredSecret(secrets, 'LINK_SIGNING_SECRET');
  const { expiresAt, grants, audience, epoch } = link;
  const scope = { caseId, expiresAt, secret, grants, audience, epoch };
  const allows = (action: LinkAction) => grants.includes(action);
  return {
    allows,
    token: (action: LinkAction) => (allows(action) ? signToken({ ...scope, action }) : undefined),
    link: (baseUrl: string, action: LinkAction) =>
      allows(action) ? signLink({ ...scope, baseUrl, action }) : undefined,
  };
};
