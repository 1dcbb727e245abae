/**
 * Only http(s) URLs leave Sundown. A customer's post URL comes from outside (an inbound source
 * names it); rendered as a Slack `<url|text>`, a PagerDuty link, an e-mail line or webhook data,
 * a `javascript:` or `data:` URL would be an attack on whoever clicks it. Sundown's own links are
 * http(s) by construction (links.ts refuses any other base URL).
 */
import type { Alert } from './alert.ts';

const WEB_URL = /^https?:\/\/[^\s<>|]+$/i;

/** The URL when it is an absolute http(s) URL, else undefined. */
export const webUrl = (url: string | undefined): string | undefined =>
  url !== undefined && WEB_URL.test(url) && URL.canParse(url) ? url : undefined;

/** Links whose URL is http(s); any other is dropped. */
export const webLinks = <T extends { readonly url: string }>(links: readonly T[] = []): T[] =>
  links.filter((link) => webUrl(link.url) !== undefined);

/** The alert without a post URL that is not http(s). */
export const withWebUrls = (alert: Alert): Alert => {
  if (alert.postUrl === undefined || webUrl(alert.postUrl)) return alert;
  const { postUrl: _dropped, ...rest } = alert;
  return rest;
};
