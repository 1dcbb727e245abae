/**
 * The case page an alert links to: the whole story on a phone, in one small server-rendered
 * HTML page with no external assets. Every value from a customer or platform is escaped.
 */
import type { CaseView } from '../use-cases/read-cases.ts';
import { type ActionForms, actionBar, handoffForm } from './actions.ts';
import { caseHeader } from './case-header.ts';
import { clocks } from './clocks.ts';
import { escalations, followUps } from './escalations.ts';
import { auditLog, otherCases } from './history.ts';
import { escapeHtml } from './html.ts';
import { layout } from './layout.ts';
import { transcript } from './transcript.ts';

export interface CasePageInput {
  readonly view: CaseView;
  readonly now: Date;
  /** The brand's time zone: every time on the page is shown in it. */
  readonly timeZone: string;
  readonly forms: ActionForms;
  /** What the last action did, shown above everything else (Post/Redirect/Get). */
  readonly notice?: { readonly text: string; readonly bad?: boolean };
}

export const renderCasePage = ({ view, now, timeZone, forms, notice }: CasePageInput): string => {
  const c = view.case;
  const banner = notice
    ? `<p class="banner${notice.bad ? ' bad' : ''}" role="status">${escapeHtml(notice.text)}</p>`
    : '';
  const resolved = c.status === 'resolved';
  return layout(
    `${c.customerName ?? c.customerHandle ?? 'Case'}: ${c.subject}`,
    `${banner}${caseHeader(view, timeZone)}
${resolved ? '<p class="banner">This case is resolved.</p>' : actionBar(forms)}
<h2>SLA clocks</h2>${clocks(view, now, timeZone)}
<h2>Conversation (${view.messages.length})</h2>${transcript(view, timeZone)}
<h2>Escalations</h2>${escalations(view, timeZone)}
<h2>Follow-ups</h2>${followUps(view, now, timeZone)}
${resolved ? '' : handoffForm(forms)}
<h2>History</h2>${auditLog(view, timeZone)}
<h2>Other cases</h2>${otherCases(view, timeZone)}
<p><small>Case ${escapeHtml(c.id)} · shown ${escapeHtml(now.toISOString())}</small></p>`,
    { ticking: true },
  );
};
