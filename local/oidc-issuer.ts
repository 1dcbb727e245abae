/**
 * A local OpenID Connect issuer standing in for the Cognito user pool and its hosted sign-in:
 * discovery, JWKS, an authorize endpoint (authorization code only, PKCE S256 required) with a
 * sign-in form, and a token endpoint. A redirect URI must be registered exactly, or the request is
 * refused on the issuer's own page: it never sends anyone, or a code, anywhere else.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageHeaders, refusalPage, signInPage } from './oidc-page.ts';
import { createSigner, type DevelopmentUser, developmentUser, pkceChallenge } from './oidc-tokens.ts';
import { readBody } from './request-body.ts';

export interface OidcIssuerOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  readonly host?: string;
  readonly clientId: string;
  readonly now?: () => Date;
}

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
};

const formOf = async (request: IncomingMessage): Promise<URLSearchParams | undefined> => {
  const read = await readBody(request, { maxBytes: 16 * 1024, timeoutMs: 5_000 });
  return read.kind === 'body' ? new URLSearchParams(read.body.toString('utf8')) : undefined;
};

export const startOidcIssuer = async (options: OidcIssuerOptions) => {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const signer = createSigner(issuer, options.now ?? (() => new Date()));
  const redirectUris = new Set<string>();
  const sendPage = (response: ServerResponse, status: number, html: string) => {
    response.writeHead(status, pageHeaders([...new Set([...redirectUris].map((uri) => new URL(uri).origin))]));
    response.end(html);
  };
  const users: readonly DevelopmentUser[] = [
    developmentUser('agent@sundown.local', ['agents']),
    developmentUser('admin@sundown.local', ['agents', 'admins']),
  ];

  /** Refusals that cannot go back to the client (unknown client or redirect) stay on this page. */
  const authorize = async (request: IncomingMessage, response: ServerResponse, params: URLSearchParams) => {
    const redirectUri = params.get('redirect_uri') ?? '';
    if (params.get('client_id') !== options.clientId) return sendPage(response, 400, refusalPage('unknown client_id'));
    if (!redirectUris.has(redirectUri)) {
      return sendPage(response, 400, refusalPage('redirect_uri is not registered for this client'));
    }
    const back = (query: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries({
        ...query,
        ...(params.get('state') && { state: params.get('state') ?? '' }),
      })) {
        target.searchParams.set(name, value);
      }
      response.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
      response.end();
    };
    if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !/^[\w-]{43,128}$/.test(challenge)) {
      return back({ error: 'invalid_request', error_description: 'PKCE with code_challenge_method S256 is required' });
    }
    if (request.method === 'GET') return sendPage(response, 200, signInPage(params));
    const user = users.find((u) => u.email === params.get('username')?.trim().toLowerCase());
    if (!user || !sameText(user.password, params.get('password') ?? '')) {
      return sendPage(response, 401, signInPage(params, 'Wrong e-mail or password.'));
    }
    const nonce = params.get('nonce');
    const code = signer.issueCode({
      user,
      clientId: options.clientId,
      redirectUri,
      challenge,
      ...(nonce && { nonce }),
    });
    return back({ code });
  };

  const token = async (request: IncomingMessage, response: ServerResponse) => {
    const origin = request.headers.origin;
    const allowed = [...redirectUris].some((uri) => new URL(uri).origin === origin);
    const cors: Record<string, string> = origin && allowed ? { 'access-control-allow-origin': origin } : {};
    const form = await formOf(request);
    const refuse = (error: string, description: string) =>
      sendJson(response, 400, { error, error_description: description }, cors);
    if (!form) return refuse('invalid_request', 'body: expected application/x-www-form-urlencoded');
    if (form.get('grant_type') !== 'authorization_code') return refuse('unsupported_grant_type', 'grant_type');
    const pending = signer.redeemCode(form.get('code') ?? '');
    if (!pending) return refuse('invalid_grant', 'code: unknown, used or expired');
    if (form.get('client_id') !== pending.clientId) return refuse('invalid_grant', 'client_id: not the code’s client');
    if (form.get('redirect_uri') !== pending.redirectUri) return refuse('invalid_grant', 'redirect_uri: mismatch');
    if (!sameText(pkceChallenge(form.get('code_verifier') ?? ''), pending.challenge)) {
      return refuse('invalid_grant', 'code_verifier: does not match the code_challenge');
    }
    return sendJson(response, 200, signer.tokensFor(pending.user, pending.clientId, pending.nonce), cors);
  };

  server.on('request', async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', issuer);
    try {
      if (request.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
        return sendJson(response, 200, {
          issuer,
          authorization_endpoint: `${issuer}/oauth2/authorize`,
          token_endpoint: `${issuer}/oauth2/token`,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code'],
          code_challenge_methods_supported: ['S256'],
          id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['public'],
          scopes_supported: ['openid', 'email', 'profile'],
          token_endpoint_auth_methods_supported: ['none'],
        });
      }
      if (request.method === 'GET' && url.pathname === '/.well-known/jwks.json') {
        return sendJson(response, 200, signer.jwks());
      }
      if (url.pathname === '/oauth2/authorize' && request.method === 'GET') {
        return await authorize(request, response, url.searchParams);
      }
      if (url.pathname === '/oauth2/authorize' && request.method === 'POST') {
        const form = await formOf(request);
        if (!form) return sendPage(response, 400, refusalPage('the sign-in form did not arrive'));
        return await authorize(request, response, form);
      }
      if (url.pathname === '/oauth2/token' && request.method === 'POST') return await token(request, response);
      return sendJson(response, 404, { error: 'not_found' });
    } catch {
      if (!response.headersSent) sendJson(response, 500, { error: 'server_error' });
    }
  });

  return {
    issuer,
    clientId: options.clientId,
    users,
    jwks: signer.jwks,
    /** Where the console may be sent back to: its exact URL, as Cognito's callback URLs. */
    registerRedirect: (uri: string) => redirectUris.add(uri),
    /** Tokens for a development user without the browser, for scripts and tests of the API. */
    tokensFor: (user: DevelopmentUser) => signer.tokensFor(user, options.clientId),
    signJwt: signer.signJwt,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export type OidcIssuer = Awaited<ReturnType<typeof startOidcIssuer>>;
