/**
 * The buttons. Every action is a POST form carrying a token signed for that one action, so a
 * mail client's link scanner that follows every GET can never acknowledge or resolve a case.
 */
import type { Case } from '../domain/case.ts';
import { escapeHtml } from './html.ts';
import { layout } from './layout.ts';

export type PageAction = 'ack' | 'resolve' | 'handoff' | 'unsuppress';

export interface ActionForms {
  /** Where the API is served; forms post to `<baseUrl>/cases/<id>/actions/<action>`. */
  readonly baseUrl: string;
  readonly caseId: string;
  /**
   * One per action the link that opened the page grants and the case allows (`unsuppress` only on
   * a suppressed case); an action without one has no button.
   */
  readonly tokens: Readonly<Partial<Record<PageAction, string>>>;
  readonly departments: readonly { readonly name: string; readonly description?: string }[];
  /** Whom the link that opened the page was sent to, said above the buttons. */
  readonly audience?: string;
}

const AUDIENCES: Readonly<Record<string, string>> = {
  alert: 'sent with an alert',
  handoff: 'sent with a hand-off',
  slack: 'posted in Slack',
  dashboard: 'from the local dashboard',
};

/** What the link allows, so whoever holds it knows why a button is missing. */
const scopeLine = (forms: ActionForms): string => {
  const verbs = [
    forms.tokens.ack && 'acknowledge',
    forms.tokens.resolve && 'resolve',
    forms.tokens.handoff && 'hand off',
    forms.tokens.unsuppress && 'lift its suppression',
  ].filter(Boolean);
  const from = forms.audience ? ` (${AUDIENCES[forms.audience] ?? forms.audience})` : '';
  return `<p class="muted" data-link-scope>This link${escapeHtml(from)} lets you view this case${verbs.length ? ` and ${escapeHtml(verbs.join(', '))}` : ' only'}.</p>`;
};

export const actionUrl = (baseUrl: string, caseId: string, action: PageAction): string =>
  `${baseUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(caseId)}/actions/${action}`;

const nameInput = (id: string) =>
  `<label for="${id}">Your name (optional)</label><input id="${id}" name="name" maxlength="80" autocomplete="name">`;

/** One form, a button per granted action: the clicked button sends its own token (and formaction). */
export const actionBar = (forms: ActionForms): string => {
  const url = (action: PageAction) => escapeHtml(actionUrl(forms.baseUrl, forms.caseId, action));
  const button = (action: Exclude<PageAction, 'handoff'>, label: string, extra = '') => {
    const token = forms.tokens[action];
    return token
      ? `\n<button name="token" value="${escapeHtml(token)}" formaction="${url(action)}"${extra}>${label}</button>`
      : '';
  };
  const buttons = `${button('ack', 'Acknowledge')}${button('resolve', 'Resolve', ' class="secondary"')}${button('unsuppress', 'Lift suppression', ' class="secondary"')}`;
  if (!buttons) return scopeLine(forms);
  const first = (['ack', 'resolve', 'unsuppress'] as const).find((action) => forms.tokens[action]) ?? 'ack';
  return `${scopeLine(forms)}<form method="post" action="${url(first)}" class="actions"><div class="full">${nameInput('who')}</div>${buttons}</form>`;
};

export const handoffForm = (forms: ActionForms): string => {
  if (!forms.tokens.handoff) return '';
  if (forms.departments.length === 0) return '<p class="muted">No departments are configured for hand-offs.</p>';
  const options = forms.departments
    .map(
      (d) =>
        `<option value="${escapeHtml(d.name)}">${escapeHtml(d.name)}${d.description ? ` (${escapeHtml(d.description)})` : ''}</option>`,
    )
    .join('');
  return `<details><summary>Hand off to a department</summary><form method="post" action="${escapeHtml(actionUrl(forms.baseUrl, forms.caseId, 'handoff'))}">
<input type="hidden" name="token" value="${escapeHtml(forms.tokens.handoff)}">
<label for="department">Department</label><select id="department" name="department" required>${options}</select>
<label for="note">Note for them</label><textarea id="note" name="note" rows="3" maxlength="2000"></textarea>
${nameInput('handoff-who')}<p><button>Hand off</button></p></form></details>`;
};

/** What the page says after an action (Post/Redirect/Get); keyed by the redirect's `done` parameter. */
export const NOTICES: Readonly<Record<string, { readonly text: string; readonly bad?: boolean }>> = {
  'ack-done': { text: 'Acknowledged: the escalation stops here.' },
  'ack-unchanged': { text: 'Nothing to acknowledge: no escalation is running.' },
  'resolve-done': { text: 'Resolved: every clock and escalation has stopped.' },
  'resolve-unchanged': { text: 'Nothing to do: this case is already resolved.' },
  'handoff-done': { text: 'Handed off: the department has been sent the case.' },
  'handoff-unchanged': { text: 'The hand-off changed nothing.', bad: true },
  'unsuppress-done': {
    text: 'Suppression lifted: alerts held back for this case are sent now, and its next alerts go out as usual.',
  },
  'unsuppress-unchanged': { text: 'Nothing to lift: this case is not suppressed.' },
};

const VERBS: Readonly<Record<'ack' | 'resolve', string>> = { ack: 'Acknowledge', resolve: 'Resolve' };

/**
 * What the one-click links in e-mail and webhook alerts open: the case in one line and a button
 * that POSTs. `via=link` keeps the audit log saying the action came from an alert link.
 */
export const confirmationPage = (input: {
  readonly action: 'ack' | 'resolve';
  readonly theCase: Case;
  readonly baseUrl: string;
  readonly token: string;
  /** Absent when the link does not grant the case page. */
  readonly viewUrl?: string;
}): string => {
  const c = input.theCase;
  const verb = VERBS[input.action];
  const who = c.customerName ?? c.customerHandle ?? c.customerId;
  return layout(
    `${verb} case`,
    `<h1>${verb} this case?</h1><p><b>${escapeHtml(who)}</b> on ${c.channels.map(escapeHtml).join(', ')}: “${escapeHtml(c.subject)}”</p>
<p class="muted">Status ${escapeHtml(c.status)} · ${escapeHtml(c.priority)} priority</p>
<form method="post" action="${escapeHtml(actionUrl(input.baseUrl, c.id, input.action))}"><input type="hidden" name="token" value="${escapeHtml(input.token)}"><input type="hidden" name="via" value="link">
${nameInput('who')}<p><button>${verb}</button></p></form>
${input.viewUrl ? `<p><a href="${escapeHtml(input.viewUrl)}">Open the case page instead</a></p>` : ''}`,
  );
};
