/** The local issuer's sign-in page, standing in for Cognito's hosted UI: a plain form, no script. */
import { escapeHtml } from '../functions/views/html.ts';
import { layout } from '../functions/views/layout.ts';
import { htmlSecurityHeaders } from '../functions/views/security-headers.ts';

/** The authorize request's parameters carried through the form, so the POST is the same request. */
export const CARRIED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
] as const;

/** Browsers hold a form's redirect to form-action too: the registered redirect origins are allowed. */
export const pageHeaders = (redirectOrigins: readonly string[]): Record<string, string> => ({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  ...htmlSecurityHeaders({ scripts: [], formOrigins: redirectOrigins }),
});

export const signInPage = (params: URLSearchParams, problem?: string): string =>
  layout(
    'Sign in: Sundown (local)',
    `<h1>Sign in to the Sundown console</h1>
<p class="muted">Local development issuer: the users and their passwords are printed by <code>npm start</code>.</p>
${problem ? `<p class="banner bad" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/oauth2/authorize" class="actions">
${CARRIED.map((name) => {
  const value = params.get(name);
  return value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}).join('')}
<label class="full">E-mail<input name="username" type="email" autocomplete="username" required></label>
<label class="full">Password<input name="password" type="password" autocomplete="current-password" required></label>
<button>Sign in</button></form>`,
  );

export const refusalPage = (message: string): string =>
  layout('Sign-in refused', `<h1>Sign-in refused</h1><p>${escapeHtml(message)}</p>`);
