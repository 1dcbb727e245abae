/** The audit log (folded away: it is long) and the customer's other cases. */
import type { AuditEntry } from '../domain/case.ts';
import type { CaseView } from '../use-cases/read-cases.ts';
import { escapeHtml } from './html.ts';
import { wallClock } from './time.ts';

/** Raw platform payloads are kept in the audit log but are noise on a phone. */
const detailText = (entry: AuditEntry): string => {
  const { raw: _raw, ...detail } = entry.detail ?? {};
  const text = Object.keys(detail).length ? JSON.stringify(detail) : '';
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
};

export const auditLog = (view: CaseView, timeZone: string): string => {
  const rows = [...view.audit]
    .reverse()
    .map(
      (a) =>
        `<tr><td><small>${escapeHtml(wallClock(a.at, timeZone))}</small></td><td><b>${escapeHtml(a.type)}</b> <small>${escapeHtml(a.actor)}</small><br><small>${escapeHtml(detailText(a))}</small></td></tr>`,
    );
  return `<details id="audit"><summary>Audit log (${view.audit.length} entries, newest first)</summary><table>${rows.join('')}</table></details>`;
};

export const otherCases = (view: CaseView, timeZone: string): string =>
  view.otherCases.length
    ? `<ul>${view.otherCases
        .map(
          (o) =>
            `<li>${escapeHtml(wallClock(o.openedAt, timeZone))} · ${o.channels.map(escapeHtml).join(', ')} · <span class="tag">${escapeHtml(o.status)}</span> ${escapeHtml(o.subject)}</li>`,
        )
        .join('')}</ul>`
    : '<p class="muted">No other cases from this customer.</p>';
