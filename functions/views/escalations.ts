/** Who was alerted for each breach and whether anyone answered; the follow-ups promised since. */
import type { Escalation, FollowUp, TargetDelivery } from '../domain/case.ts';
import type { CaseView } from '../use-cases/read-cases.ts';
import { clockLabel } from './clocks.ts';
import { escapeHtml } from './html.ts';
import { remaining, wallClock } from './time.ts';

const DELIVERY_STATES: Readonly<Record<TargetDelivery['state'], string>> = {
  delivered: 'delivered',
  retrying: 'retrying',
  failed: 'failed',
};

/** One line per target and step: delivered, retrying or failed, with the reason. */
const deliveryRows = (e: Escalation, timeZone: string): string => {
  const rows = (e.deliveries ?? []).map((d) => {
    const who = `${d.fallback ? 'fallback ' : ''}${escapeHtml(d.target)}`;
    const state = `<span class="tag${d.state === 'delivered' ? '' : ' overdue'}">${DELIVERY_STATES[d.state]}</span>`;
    const why = d.reason ? ` · ${escapeHtml(d.reason)}${d.attempts ? ` (attempt ${d.attempts})` : ''}` : '';
    return `<li data-delivery="${d.state}">level ${d.level}, round ${d.round + 1}: ${who} ${state} <small>${escapeHtml(wallClock(d.at, timeZone))}${why}</small></li>`;
  });
  return rows.length ? `<ul class="deliveries">${rows.join('')}</ul>` : '';
};

const escalationRow = (e: Escalation, timeZone: string): string => {
  const acknowledged = e.acknowledgedAt
    ? `acknowledged by ${escapeHtml(e.acknowledgedBy ?? 'someone')} ${escapeHtml(wallClock(e.acknowledgedAt, timeZone))}`
    : 'not acknowledged';
  const ended = e.endedAt
    ? `<span class="tag">${escapeHtml(e.endReason ?? 'ended')}</span>`
    : e.heldUntil
      ? `<span class="tag">held until ${escapeHtml(wallClock(e.heldUntil, timeZone))}, resumes if still unanswered</span>`
      : e.exhaustedAt
        ? '<span class="tag overdue">last level reached, nobody acknowledged</span>'
        : '<span class="tag overdue">running</span>';
  return `<li><b>${escapeHtml(clockLabel(e.clock))}</b> breached ${escapeHtml(wallClock(e.breachedAt, timeZone))} ${ended}<br><small>chain ${escapeHtml(e.chain)} · level ${e.level}, round ${e.round + 1} · last alerted ${escapeHtml(wallClock(e.lastAlertAt, timeZone))} · ${acknowledged}</small>${deliveryRows(e, timeZone)}</li>`;
};

export const escalations = (view: CaseView, timeZone: string): string => {
  const list = view.case.escalations ?? [];
  return list.length
    ? `<ul>${list.map((e) => escalationRow(e, timeZone)).join('')}</ul>`
    : '<p class="muted">No escalations.</p>';
};

const FOLLOW_UP_KINDS: Readonly<Record<FollowUp['kind'], string>> = {
  handoff: 'Hand-off',
  promise: 'Promise',
  checkback: 'Check back',
  reply_window: 'Reply window',
};

const followUpRow = (f: FollowUp, now: Date, timeZone: string): string => {
  const left = f.status === 'open' ? remaining(f.dueAt, now) : undefined;
  const when = left
    ? `<b data-due="${escapeHtml(f.dueAt)}"${left.overdue ? ' class="overdue"' : ''}>${escapeHtml(left.text)}</b>`
    : escapeHtml(f.closedAt ? `closed ${wallClock(f.closedAt, timeZone)}` : '');
  return `<li><b>${FOLLOW_UP_KINDS[f.kind] ?? escapeHtml(f.kind)}</b>${f.department ? ` to ${escapeHtml(f.department)}` : ''} <span class="tag ${f.status === 'missed' ? 'breached' : ''}">${escapeHtml(f.status)}</span><br>${escapeHtml(f.description)}<br><small>due ${escapeHtml(wallClock(f.dueAt, timeZone))} · by ${escapeHtml(f.createdBy)}</small> ${when}</li>`;
};

export const followUps = (view: CaseView, now: Date, timeZone: string): string => {
  const list = view.case.followUps ?? [];
  return list.length
    ? `<ul>${list.map((f) => followUpRow(f, now, timeZone)).join('')}</ul>`
    : '<p class="muted">No follow-ups.</p>';
};
