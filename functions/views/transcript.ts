/**
 * The whole conversation across channels in the order it was written, the brand's replies set
 * apart, and nothing hidden: edited messages list what they said before, deleted ones stay.
 */
import type { Message } from '../domain/case.ts';
import type { CaseView } from '../use-cases/read-cases.ts';
import { escapeHtml } from './html.ts';
import { wallClock } from './time.ts';

const authorOf = (message: Message, brand: string): string =>
  message.direction === 'outbound'
    ? `${brand} (${message.author.name ?? message.author.handle ?? 'brand'})`
    : (message.author.name ?? message.author.handle ?? message.author.id);

const edits = (message: Message, timeZone: string): string =>
  message.edits?.length
    ? `<details class="mark"><summary>edited ${message.edits.length}×: earlier versions</summary><ol>${message.edits
        .map(
          (e) => `<li>“${escapeHtml(e.text)}” <small>(replaced ${escapeHtml(wallClock(e.at, timeZone))})</small></li>`,
        )
        .join('')}</ol></details>`
    : '';

const messageItem = (message: Message, brand: string, timeZone: string): string => {
  const classes = ['msg', message.direction, message.deletedAt ? 'deleted' : ''].filter(Boolean).join(' ');
  const link =
    message.url && /^https?:\/\//.test(message.url)
      ? ` · <a href="${escapeHtml(message.url)}" rel="noreferrer">open</a>`
      : '';
  const delivery = message.deliveryStatus ? ` · ${escapeHtml(message.deliveryStatus)}` : '';
  const deleted = message.deletedAt
    ? `<div class="mark">deleted at ${escapeHtml(wallClock(message.deletedAt, timeZone))}</div>`
    : '';
  return `<li class="${classes}"><small><span class="tag">${escapeHtml(message.channel)}</span>${escapeHtml(authorOf(message, brand))} · ${escapeHtml(wallClock(message.sentAt, timeZone))}${delivery}${link}</small><p>${escapeHtml(message.text)}</p>${deleted}${edits(message, timeZone)}</li>`;
};

export const transcript = (view: CaseView, timeZone: string): string => {
  const ordered = [...view.messages].sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
  if (ordered.length === 0) return '<p class="muted">No messages stored.</p>';
  return `<ol class="transcript">${ordered.map((m) => messageItem(m, view.case.brand, timeZone)).join('')}</ol>`;
};
