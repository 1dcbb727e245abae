/**
 * The local issuer's signing and its authorization codes: an RSA key made at start (never
 * written anywhere), Cognito-shaped ID and access tokens, and codes that are single-use, short
 * lived and bound to the client, the redirect URI and the PKCE challenge they were issued for.
 */
import { createHash, generateKeyPairSync, type JsonWebKey, randomBytes, randomUUID, sign } from 'node:crypto';

export interface DevelopmentUser {
  readonly email: string;
  readonly password: string;
  readonly groups: readonly string[];
  readonly sub: string;
}

export interface PendingCode {
  readonly user: DevelopmentUser;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce?: string;
  readonly expiresAt: number;
}

const CODE_LIFETIME_MS = 60_000;
export const TOKEN_LIFETIME_SECONDS = 3600;

const base64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

/** RFC 7636: the challenge is BASE64URL(SHA256(verifier)); only S256 is accepted. */
export const pkceChallenge = (verifier: string): string => base64url(createHash('sha256').update(verifier).digest());

export const randomToken = (): string => randomBytes(32).toString('base64url');

export const developmentUser = (email: string, groups: readonly string[]): DevelopmentUser => ({
  email,
  // Random per start and printed: a leaked log of an old run opens nothing.
  password: `${randomBytes(9).toString('base64url')}-Aa1!`,
  groups,
  sub: randomUUID(),
});

export const createSigner = (issuer: string, now: () => Date) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk: JsonWebKey & { kid: string } = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const signJwt = (claims: Record<string, unknown>): string => {
    const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const body = base64url(JSON.stringify(claims));
    return `${head}.${body}.${base64url(sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey))}`;
  };
  const codes = new Map<string, PendingCode>();
  return {
    jwks: () => ({ keys: [jwk] }),
    /** The tokens Cognito gives the console's client: the ID token carries e-mail and groups. */
    tokensFor: (user: DevelopmentUser, clientId: string, nonce?: string) => {
      const iat = Math.floor(now().getTime() / 1000);
      const common = { sub: user.sub, iss: issuer, iat, exp: iat + TOKEN_LIFETIME_SECONDS, auth_time: iat };
      const groups = { 'cognito:groups': [...user.groups] };
      return {
        id_token: signJwt({
          ...common,
          ...groups,
          aud: clientId,
          token_use: 'id',
          email: user.email,
          email_verified: true,
          'cognito:username': user.email,
          ...(nonce && { nonce }),
        }),
        access_token: signJwt({
          ...common,
          ...groups,
          client_id: clientId,
          token_use: 'access',
          scope: 'openid email profile',
          username: user.email,
        }),
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
      };
    },
    issueCode: (pending: Omit<PendingCode, 'expiresAt'>): string => {
      const code = randomToken();
      codes.set(code, { ...pending, expiresAt: now().getTime() + CODE_LIFETIME_MS });
      return code;
    },
    /** A code is spent by its first redemption, right or wrong, so a stolen code cannot be retried. */
    redeemCode: (code: string): PendingCode | undefined => {
      const pending = codes.get(code);
      codes.delete(code);
      return pending && pending.expiresAt > now().getTime() ? pending : undefined;
    },
    /** Tests only: any claims, signed with the issuer's key (expired or foreign-audience tokens). */
    signJwt,
  };
};

export type Signer = ReturnType<typeof createSigner>;
