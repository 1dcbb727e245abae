/**
 * The case page an alert links to: the whole story on a phone, in one small server-rendered
 * HTML page with no external assets. Every value from a customer or platform is escaped.
 */
import type { CaseView } from '../use-cases/read-cases.ts';
import { escapeHtml } from './html.ts';

const CLOCK_LABELS: Readonly<Record<string, string>> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
};

const relative = (target: string, now: Date): string => {
  const ms = Date.parse(target) - now.getTime();
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const span = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return ms >= 0 ? `due in ${span}` : `overdue by ${span}`;
};

const clocks = (view: CaseView, now: Date): string =>
  Object.values(view.case.sla?.clocks ?? {})
    .map((clock) => {
      const state =
        clock.state === 'running' && clock.dueAt
          ? relative(clock.dueAt, now)
          : clock.state === 'stopped'
            ? `stopped, ${clock.met ? 'met' : 'missed'}`
            : clock.state;
      return `<li><b>${CLOCK_LABELS[clock.name] ?? clock.name}</b>: ${escapeHtml(state)}</li>`;
    })
    .join('');

const transcript = (view: CaseView): string =>
  view.messages
    .map((m) => {
      const who =
        m.direction === 'inbound' ? (m.author.name ?? m.author.handle ?? m.author.id) : `${view.case.brand} (brand)`;
      const marks = [
        m.edits?.length ? `edited ${m.edits.length}×, first said: “${escapeHtml(m.edits[0]?.text ?? '')}”` : '',
        m.deletedAt ? `deleted ${escapeHtml(m.deletedAt)}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      return `<li class="${m.direction}"><small>${escapeHtml(m.sentAt)} · ${escapeHtml(m.channel)} · ${escapeHtml(who)}</small><p>${escapeHtml(m.text)}</p>${marks ? `<small class="mark">${marks}</small>` : ''}</li>`;
    })
    .join('');

const escalations = (view: CaseView): string =>
  (view.case.escalations ?? [])
    .map(
      (e) =>
        `<li>${escapeHtml(CLOCK_LABELS[e.clock] ?? e.clock)} breached ${escapeHtml(e.breachedAt)}: level ${e.level}${e.round ? `, round ${e.round + 1}` : ''}${e.endedAt ? `, ended (${escapeHtml(e.endReason ?? '')}${e.acknowledgedBy ? ` by ${escapeHtml(e.acknowledgedBy)}` : ''})` : ', running'}</li>`,
    )
    .join('');

export const renderCasePage = (view: CaseView, links: { ack: string; resolve: string }, now: Date): string => {
  const c = view.case;
  const customer = escapeHtml(c.customerName ?? c.customerHandle ?? c.customerId);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Case ${escapeHtml(c.id)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.4}ul{padding-left:1.2rem}.inbound p{background:#f1f1f4;padding:.5rem;border-radius:.4rem}.outbound p{background:#e3f3e6;padding:.5rem;border-radius:.4rem}.mark{color:#a33}a.button{display:inline-block;padding:.6rem 1rem;margin:.3rem .3rem 0 0;border-radius:.4rem;background:#224;color:#fff;text-decoration:none}</style></head>
<body><h1>${customer}</h1>
<p>${escapeHtml(c.status)} · ${escapeHtml(c.priority)} priority · ${c.channels.map(escapeHtml).join(', ')} · opened ${escapeHtml(c.openedAt)}</p>
<p><a class="button" href="${escapeHtml(links.ack)}">Acknowledge</a><a class="button" href="${escapeHtml(links.resolve)}">Resolve</a></p>
<h2>SLA</h2><ul>${clocks(view, now) || '<li>no SLA policy applies</li>'}</ul>
<h2>Escalations</h2><ul>${escalations(view) || '<li>none</li>'}</ul>
<h2>Conversation</h2><ul>${transcript(view)}</ul>
${view.otherCases.length ? `<h2>Other contacts</h2><ul>${view.otherCases.map((o) => `<li>${escapeHtml(o.openedAt)} · ${o.channels.map(escapeHtml).join(', ')} · ${escapeHtml(o.status)}: ${escapeHtml(o.subject)}</li>`).join('')}</ul>` : ''}
</body></html>`;
};
