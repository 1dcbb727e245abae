/** Notices are a domain contract (domain/queue-messages.ts); kept here so alert code imports them beside alerts. */
export type { Notice, NoticeKind, NoticeLink } from '../domain/queue-messages.ts';
