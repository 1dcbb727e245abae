/** Every HTML answer of the link routes: no caching, and the page security headers. */
import type { HttpResult } from '../commons/http.ts';
import { sundownConfig } from '../config/settings.ts';
import { messagePage } from '../views/layout.ts';
import { htmlSecurityHeaders } from '../views/security-headers.ts';

/** Forms post to the configured public base URL, which may be another origin than the page's. */
const formOrigins = (): string[] => {
  const configured = sundownConfig().publicBaseUrl;
  return configured ? [new URL(configured).origin] : [];
};

export const htmlPage = (statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...htmlSecurityHeaders({ formOrigins: formOrigins() }),
    ...headers,
  },
  body,
});

export const errorPage = (statusCode: number, title: string, message: string): HttpResult =>
  htmlPage(statusCode, messagePage(title, message));
