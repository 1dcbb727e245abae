/** The SLA clocks of the case: which are running, when each is due, and which were met or breached. */
import { DEADLINE_LABELS } from '../domain/sla/clock-table.ts';
import type { ClockState } from '../domain/sla/types.ts';
import type { CaseView } from '../use-cases/read-cases.ts';
import { escapeHtml } from './html.ts';
import { remaining, span, wallClock } from './time.ts';

export const CLOCK_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DEADLINE_LABELS).map(([name, label]) => [name, label.charAt(0).toUpperCase() + label.slice(1)]),
);

export const clockLabel = (name: string): string => CLOCK_LABELS[name] ?? name;

const due = (clock: ClockState, now: Date, timeZone: string): string => {
  if (clock.state === 'running' && clock.dueAt) {
    const left = remaining(clock.dueAt, now);
    return `due ${escapeHtml(wallClock(clock.dueAt, timeZone))}: <b data-due="${escapeHtml(clock.dueAt)}"${left.overdue ? ' class="overdue"' : ''}>${escapeHtml(left.text)}</b>`;
  }
  if (clock.state === 'paused') {
    const left = clock.remainingMs === undefined ? '' : `, ${span(clock.remainingMs)} left when it resumes`;
    return `paused ${escapeHtml(wallClock(clock.pausedAt ?? clock.startedAt, timeZone))}${escapeHtml(left)}`;
  }
  return clock.stoppedAt ? `stopped ${escapeHtml(wallClock(clock.stoppedAt, timeZone))}` : '';
};

const outcome = (clock: ClockState): string => {
  if (clock.breachedAt || clock.met === false) return '<span class="tag breached">breached</span>';
  if (clock.met) return '<span class="tag met">met</span>';
  return '';
};

export const clocks = (view: CaseView, now: Date, timeZone: string): string => {
  const sla = view.case.sla;
  const order = Object.keys(CLOCK_LABELS);
  const states = Object.values(sla?.clocks ?? {})
    .filter((c): c is ClockState => c !== undefined)
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  if (!sla || states.length === 0) return '<p class="muted">No SLA policy applies to this case.</p>';
  const rows = states.map(
    (c) =>
      `<tr><th>${escapeHtml(clockLabel(c.name))}</th><td><span class="tag">${escapeHtml(c.state)}</span>${outcome(c)} <small>target ${escapeHtml(c.target)}</small><br>${due(c, now, timeZone)}</td></tr>`,
  );
  return `<p class="muted">Policy ${escapeHtml(sla.policy)}</p><table>${rows.join('')}</table>`;
};
