/** The local stack's sink: the alert as a few readable lines on the log. */
import type { Alert } from '../alert.ts';
import { alertLines, plainHeadline } from './text.ts';

export const consoleText = (alert: Alert): string => [plainHeadline(alert), ...alertLines(alert)].join('\n');
