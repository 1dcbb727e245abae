/**
 * E-mail through SNS: a subject and a plain-text body (SNS e-mail subscriptions carry no HTML).
 * SNS wants the subject in ASCII, without line breaks, under 100 characters, so names and brands
 * are folded to ASCII there; the body keeps every character.
 */

import type { Notice } from '../../../domain/queue-messages.ts';
import type { Alert } from '../../alert.ts';
import { noticeLines } from '../../notice-text.ts';
import { alertLines, plainHeadline } from '../text.ts';

export const EMAIL_SUBJECT_MAX = 99;

export interface EmailMessage {
  readonly subject: string;
  readonly body: string;
}

/** "Café" becomes "Cafe"; what has no ASCII form becomes "?". */
const toAscii = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/gu, '?')
    .replace(/\s+/g, ' ')
    .trim();

const subjectOf = (line: string): string => {
  const subject = toAscii(line);
  return subject.length <= EMAIL_SUBJECT_MAX ? subject : `${subject.slice(0, EMAIL_SUBJECT_MAX - 3)}...`;
};

export const emailSubject = (alert: Alert): string => subjectOf(plainHeadline(alert));

export const emailMessage = (alert: Alert): EmailMessage => ({
  subject: emailSubject(alert),
  body: [
    ...alertLines(alert),
    '',
    '--',
    'Sent by Sundown. The links are signed for this case and expire; anyone holding this e-mail can use them.',
  ].join('\n'),
});

export const emailNoticeMessage = (notice: Notice): EmailMessage => ({
  subject: subjectOf(`[Sundown] ${notice.title}`),
  body: [...noticeLines(notice), '', '--', 'Sent by Sundown. Any links are signed and expire.'].join('\n'),
});
