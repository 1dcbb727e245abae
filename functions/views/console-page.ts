/**
 * The team console's page: static, holding no case data. Its script signs in (console-script.ts)
 * and then reads the work list from the console API with the sign-in token.
 */
import { CHANNELS, PRIORITIES } from '../domain/case.ts';
import { OPEN_STATUSES } from '../use-cases/open-cases.ts';
import { CONSOLE_SCRIPT } from './console-script.ts';
import { escapeHtml } from './html.ts';
import { layout } from './layout.ts';

export interface ConsoleSignIn {
  /** The hosted sign-in's authorize endpoint (Cognito: `<domain>/oauth2/authorize`). */
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
}

const choice = (name: string, label: string, values: readonly string[]) =>
  `<label>${label}<select name="${name}"><option value="">any</option>${values
    .map((v) => `<option>${escapeHtml(v)}</option>`)
    .join('')}</select></label>`;

const filters = `<form id="filters" class="actions">
${choice('status', 'Status', OPEN_STATUSES)}${choice('channel', 'Channel', CHANNELS)}${choice('priority', 'Priority', PRIORITIES)}
<label>Assignee<input name="assignee" placeholder="name, e-mail or none"></label>
<label class="full">Customer<input name="search" placeholder="handle, e-mail or phone"></label>
<button>Show</button></form>`;

export const renderConsole = (signIn: ConsoleSignIn): string =>
  layout(
    'Sundown console',
    `<main data-authorize-url="${escapeHtml(signIn.authorizeUrl)}" data-token-url="${escapeHtml(signIn.tokenUrl)}" data-client-id="${escapeHtml(signIn.clientId)}"></main>
<h1>Sundown console</h1><p id="message" class="banner" hidden></p>
<section id="signed-out"><p>Sign in with your team account to see the open cases.</p><button id="sign-in" type="button">Sign in</button></section>
<section id="work" hidden><p class="muted">Signed in as <span id="who"></span> · <button id="sign-out" type="button" class="secondary">Sign out</button></p>
${filters}<p class="muted"><span id="count"></span>, closest to breaching first</p><ul id="cases" class="transcript"></ul></section>${CONSOLE_SCRIPT}`,
  );
