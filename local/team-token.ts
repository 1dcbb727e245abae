/**
 * Checks a team sign-in token the way API Gateway's JWT authorizer does, for the local stack:
 * an RS256 signature by a key of the issuer's JWKS, the issuer, the audience (`aud`, or Cognito
 * access tokens' `client_id`), and expiry and not-before with a minute of clock skew.
 * node:crypto only, so no verifier library needs to be trusted or pinned.
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';

export interface TeamTokenCheck {
  readonly issuer: string;
  readonly audience: string;
  /** The issuer's signing keys (its JWKS `keys`). */
  readonly keys: () => Promise<readonly (JsonWebKey & { kid?: string })[]>;
  readonly now?: () => Date;
}

export type TeamClaims = Readonly<Record<string, unknown>> & { readonly sub: string };

export type TeamTokenResult = { readonly claims: TeamClaims } | { readonly rejected: string };

const SKEW_SECONDS = 60;

const decodePart = (part: string | undefined): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

/** The bearer token of an Authorization header, or undefined. */
export const bearerOf = (header: string | undefined): string | undefined =>
  /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header ?? '')?.[1];

export const checkTeamToken = async (token: string | undefined, check: TeamTokenCheck): Promise<TeamTokenResult> => {
  if (!token) return { rejected: 'no bearer token' };
  const [head, body, signature] = token.split('.');
  const header = decodePart(head);
  const claims = decodePart(body);
  if (!header || !claims || !signature) return { rejected: 'malformed token' };
  if (header.alg !== 'RS256') return { rejected: `algorithm ${String(header.alg)} not accepted` };
  const key = (await check.keys()).find((k) => k.kid === header.kid);
  if (!key) return { rejected: 'signed by a key the issuer does not publish' };
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${head}.${body}`),
    createPublicKey({ key, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return { rejected: 'bad signature' };
  if (claims.iss !== check.issuer) return { rejected: 'issuer not trusted' };
  const audiences = [claims.aud, claims.client_id].flat();
  if (!audiences.includes(check.audience)) return { rejected: 'audience not accepted' };
  const now = Math.floor((check.now?.() ?? new Date()).getTime() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + SKEW_SECONDS <= now) return { rejected: 'expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_SECONDS > now) return { rejected: 'not valid yet' };
  if (typeof claims.sub !== 'string') return { rejected: 'no subject' };
  return { claims: claims as TeamClaims };
};

/** Admin-only actions are decided by the group claim Cognito puts in its tokens. */
export const isAdmin = (claims: TeamClaims): boolean => {
  const groups = claims['cognito:groups'];
  return Array.isArray(groups) && groups.includes('admins');
};

/** The claims as API Gateway hands them to the function: every value a string, lists as `[a b]`. */
export const authorizerClaims = (claims: TeamClaims): Record<string, string> =>
  Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
