/**
 * What an attacker tries against the console on the local stack, whose server checks tokens as
 * API Gateway's JWT authorizer does and whose issuer stands in for Cognito: calls without a valid
 * token, an agent's admin action, a stolen code without its PKCE verifier, and an unregistered
 * redirect URI that would carry the code elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkceChallenge, randomToken } from '../../local/oidc-tokens.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const users = () => {
  const agent = stack.signIn.users.find((u) => !u.groups.includes('admins'));
  const admin = stack.signIn.users.find((u) => u.groups.includes('admins'));
  if (!agent || !admin) throw new Error('the local issuer needs an agent and an admin');
  return { agent, admin };
};

const consoleCall = (path: string, token?: string, method = 'GET') =>
  fetch(`${stack.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    ...(method === 'POST' && { body: '{}' }),
  });

/** A token signed with the issuer's own key, with claims of the test's choosing. */
const forged = (claims: Record<string, unknown>) => {
  const now = Math.floor(Date.now() / 1000);
  const { agent } = users();
  return stack.signIn.signJwt({
    sub: agent.sub,
    iss: stack.signIn.issuer,
    aud: stack.signIn.clientId,
    email: agent.email,
    iat: now,
    exp: now + 600,
    ...claims,
  });
};

/** Runs the authorize step as the browser would, signing in with the user's password. */
const authorize = async (params: Record<string, string>, user = users().agent) => {
  const form = new URLSearchParams({ ...params, username: user.email, password: user.password });
  return fetch(`${stack.signIn.issuer}/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
};

const pkceRequest = (verifier: string, redirectUri = `${stack.url}/console`) => ({
  response_type: 'code',
  client_id: stack.signIn.clientId,
  redirect_uri: redirectUri,
  state: randomToken(),
  code_challenge: pkceChallenge(verifier),
  code_challenge_method: 'S256',
});

const redeem = (code: string, verifier: string) =>
  fetch(`${stack.signIn.issuer}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: stack.signIn.clientId,
      code,
      redirect_uri: `${stack.url}/console`,
      code_verifier: verifier,
    }),
  });

describe('console sign-in against attackers', () => {
  it('answers 401 to the console API without a token, and to a malformed one', async () => {
    const none = await consoleCall('/console/cases');
    const junk = await consoleCall('/console/cases', 'not.a.token');

    expect(none.status).toBe(401);
    expect(junk.status).toBe(401);
    expect(await none.json()).toEqual({ message: 'Unauthorized' });
  });

  it('answers 401 to an expired token, one for another audience and one from another issuer', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await consoleCall('/console/cases', forged({ iat: past - 3600, exp: past }));
    const otherAudience = await consoleCall('/console/cases', forged({ aud: 'some-other-client' }));
    const otherIssuer = await consoleCall('/console/cases', forged({ iss: 'https://evil.example' }));
    const fresh = await consoleCall('/console/cases', forged({}));

    expect(expired.status).toBe(401);
    expect(otherAudience.status).toBe(401);
    expect(otherIssuer.status).toBe(401);
    expect(fresh.status).toBe(200);
  });

  it('refuses an agent the admins-only lifting of a suppression with 403, and lets an admin through to the case', async () => {
    const { agent, admin } = users();
    const path = '/console/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV/unsuppress';

    const byAgent = await consoleCall(path, stack.signIn.tokensFor(agent).id_token, 'POST');
    const byAdmin = await consoleCall(path, stack.signIn.tokensFor(admin).id_token, 'POST');

    expect(byAgent.status).toBe(403);
    expect(((await byAgent.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(byAdmin.status).toBe(404);
  });

  it('gives tokens for a code only with the PKCE verifier it was issued for, and only once', async () => {
    const verifier = randomToken();
    const answer = await authorize(pkceRequest(verifier));
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';

    const wrongVerifier = await redeem(code, randomToken());
    const rightVerifierAfter = await redeem(code, verifier);

    expect(answer.status).toBe(302);
    expect(code).not.toBe('');
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: 'invalid_grant' });
    // The failed attempt spent the code: a thief who guesses wrong cannot leave it for later.
    expect(rightVerifierAfter.status).toBe(400);
  });

  it('redeems a code with its verifier for an ID token the console API accepts', async () => {
    const verifier = randomToken();
    const answer = await authorize(pkceRequest(verifier));
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';

    const tokens = (await (await redeem(code, verifier)).json()) as { id_token: string };
    const list = await consoleCall('/console/cases', tokens.id_token);

    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ cases: [], truncated: false });
  });

  it('never sends a code to a redirect URI that is not registered, not even a look-alike', async () => {
    const verifier = randomToken();
    const targets = ['https://evil.example/console', `${stack.url}/console/../evil`, `${stack.url}/console?next=x`];

    const answers = await Promise.all(targets.map((uri) => authorize(pkceRequest(verifier, uri))));
    const page = await fetch(
      `${stack.signIn.issuer}/oauth2/authorize?${new URLSearchParams(pkceRequest(verifier, targets[0]))}`,
      { redirect: 'manual' },
    );

    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
    }
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('redirect_uri is not registered');
  });

  it('refuses to start a sign-in without PKCE S256, telling the registered console why', async () => {
    const plain = { ...pkceRequest(randomToken()), code_challenge_method: 'plain' };
    const answer = await fetch(`${stack.signIn.issuer}/oauth2/authorize?${new URLSearchParams(plain)}`, {
      redirect: 'manual',
    });

    const location = new URL(answer.headers.get('location') ?? '');
    expect(answer.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(`${stack.url}/console`);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.has('code')).toBe(false);
  });
});
