/** The local stack's sink: the alert as a few readable lines on the log. */

import type { Notice } from '../../../domain/queue-messages.ts';
import type { Alert } from '../../alert.ts';
import { noticeLines } from '../../notice-text.ts';
import { alertLines, plainHeadline } from '../text.ts';

export const consoleText = (alert: Alert): string => [plainHeadline(alert), ...alertLines(alert)].join('\n');

export const consoleNoticeText = (notice: Notice): string =>
  [`[Sundown] ${notice.title}`, ...noticeLines(notice)].join('\n');
