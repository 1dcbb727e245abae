/**
 * The headers every HTML page is served with. The Content-Security-Policy allows nothing from
 * anywhere (`default-src 'none'`) except the page's own inline style and the inline scripts named
 * here, each by its SHA-256: text a customer smuggled into a page could never run, even if an
 * escape were missed, and no page can be framed, sniffed into another type or leak its signed
 * URL in a Referer.
 */
import { createHash } from 'node:crypto';
import { PAGE_STYLES, TICK_SCRIPT } from './layout.ts';

/** The body of an inline `<script>…</script>` or `<style>…</style>` block, as the browser hashes it. */
const inlineBody = (block: string): string =>
  block.replace(/^\s*<(script|style)>/, '').replace(/<\/(script|style)>\s*$/, '');

export const cspHash = (block: string): string =>
  `'sha256-${createHash('sha256').update(inlineBody(block), 'utf8').digest('base64')}'`;

export interface PagePolicy {
  /** Inline scripts the page may run, as rendered (with or without their tags). @default the case page's clock */
  readonly scripts?: readonly string[];
  /** Origins forms may post to besides the page's own (the configured public base URL). */
  readonly formOrigins?: readonly string[];
  /** The page fetches JSON from its own origin (the local dashboard). @default false */
  readonly fetchesSelf?: boolean;
  /** Other origins the page's script may call (the console's sign-in token endpoint). */
  readonly connectOrigins?: readonly string[];
}

export const htmlSecurityHeaders = (policy: PagePolicy = {}): Record<string, string> => {
  const scripts = (policy.scripts ?? [TICK_SCRIPT]).map(cspHash);
  const directives = [
    "default-src 'none'",
    `style-src ${cspHash(PAGE_STYLES)}`,
    `script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}`,
    ...(policy.fetchesSelf || policy.connectOrigins
      ? [`connect-src ${["'self'", ...(policy.connectOrigins ?? [])].join(' ')}`]
      : []),
    `form-action ${["'self'", ...(policy.formOrigins ?? [])].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ];
  return {
    'content-security-policy': directives.join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
};
