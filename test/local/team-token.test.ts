/** The local stack's sign-in check, attacked the ways a stolen or forged token would try. */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerOf, checkTeamToken, isAdmin } from '../../local/team-token.ts';

const ISSUER = 'http://127.0.0.1:9229/local-issuer';
const AUDIENCE = 'sundown-console';
const NOW = new Date('2026-03-02T10:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const issuerKeys = keyPair();
const strangerKeys = keyPair();

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenOf = (claims: Record<string, unknown>, privateKey: KeyObject = issuerKeys.privateKey, kid = 'k1') => {
  const unsigned = `${b64({ alg: 'RS256', kid, typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
};
const good = (changes: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  email: 'agent@example.com',
  iss: ISSUER,
  aud: AUDIENCE,
  exp: nowSeconds + 3600,
  'cognito:groups': ['agents'],
  ...changes,
});
const check = (token: string | undefined) =>
  checkTeamToken(token, {
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: async () => [{ ...issuerKeys.publicKey.export({ format: 'jwk' }), kid: 'k1' }],
    now: () => NOW,
  });

describe('checking a team sign-in token locally', () => {
  it('accepts a token of the issuer for the console and gives its claims', async () => {
    const result = await check(tokenOf(good()));

    expect(result).toEqual({ claims: expect.objectContaining({ sub: 'user-1', email: 'agent@example.com' }) });
  });

  it.each([
    ['no token', undefined, 'no bearer token'],
    ['an expired token', tokenOf(good({ exp: nowSeconds - 61 })), 'expired'],
    ['a token of another issuer', tokenOf(good({ iss: 'https://evil.example.com' })), 'issuer not trusted'],
    ['a token for another app', tokenOf(good({ aud: 'other-client' })), 'audience not accepted'],
    ['a token signed by a stranger', tokenOf(good(), strangerKeys.privateKey), 'bad signature'],
    [
      'a token naming an unknown key',
      tokenOf(good(), issuerKeys.privateKey, 'k9'),
      'signed by a key the issuer does not publish',
    ],
    ['an unsigned token', `${b64({ alg: 'none' })}.${b64(good())}.x`, 'algorithm none not accepted'],
  ])('refuses %s', async (_what, token, reason) => {
    expect(await check(token)).toEqual({ rejected: reason });
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const [head, , signature] = tokenOf(good()).split('.');
    const tampered = `${head}.${b64(good({ 'cognito:groups': ['admins'] }))}.${signature}`;

    expect(await check(tampered)).toEqual({ rejected: 'bad signature' });
  });

  it('takes only a well-formed bearer header, and only the admins group makes an admin', async () => {
    const agent = await check(tokenOf(good()));
    const admin = await check(tokenOf(good({ 'cognito:groups': ['agents', 'admins'] })));

    expect(bearerOf('Basic abc')).toBeUndefined();
    expect(bearerOf(`Bearer ${tokenOf(good())}`)).toBeDefined();
    expect('claims' in agent && isAdmin(agent.claims)).toBe(false);
    expect('claims' in admin && isAdmin(admin.claims)).toBe(true);
  });
});
