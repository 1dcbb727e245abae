/** A notice as plain text lines, shared by the e-mail body and the console target. */
import type { Notice } from '../domain/queue-messages.ts';
import { webLinks } from './web-url.ts';

export const noticeLines = (notice: Notice): string[] => {
  const links = webLinks(notice.links);
  const width = Math.max(0, ...links.map((l) => l.label.length)) + 2;
  return [
    notice.text.trimEnd(),
    ...(notice.caseId ? ['', `Case: ${notice.caseId}`] : []),
    ...(links.length > 0 ? ['', ...links.map((l) => `${`${l.label}:`.padEnd(width)}${l.url}`)] : []),
  ];
};
