/**
 * The routes behind the signed links in alerts: the case page, the confirmation pages of the
 * one-click ack/resolve links, and the POST forms that act. Every answer is an HTML page, and
 * a caller's mistake is a 4xx page saying which field or token is at fault.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { adapters } from '../adapters/container.ts';
import { type LinkAction, signLink, signToken, verifyLink } from '../alerts/links.ts';
import { type HttpResult, headersOf, rawBodyOf } from '../commons/http.ts';
import { viewCase } from '../use-cases/read-cases.ts';
import { confirmationPage, NOTICES } from '../views/actions.ts';
import { renderCasePage } from '../views/case-page.ts';
import { messagePage } from '../views/layout.ts';
import { htmlSecurityHeaders } from '../views/security-headers.ts';
import { requiredSecret } from './required-secret.ts';

export type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

/** Forms post to the configured public base URL, which may be another origin than the page's. */
const formOrigins = (): string[] => {
  const configured = adapters.config().publicBaseUrl;
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

/** Links on the page point back at whatever host served it, unless the config names one. */
export const baseUrlOf = (event: APIGatewayProxyEventV2): string => {
  const configured = adapters.config().publicBaseUrl;
  if (configured) return configured;
  const host = event.requestContext.domainName;
  return host.startsWith('127.') || host.startsWith('localhost') ? `http://${host}` : `https://${host}`;
};

/** The token's expiry, or the page to answer with when it is missing or does not verify. */
export const checkToken = async (
  caseId: string,
  action: LinkAction,
  token: string | undefined,
  where: string,
): Promise<{ expiresAt: Date } | { rejected: HttpResult }> => {
  if (!token) return { rejected: errorPage(400, 'Link incomplete', `The ${where} token is required.`) };
  const secret = await requiredSecret('LINK_SIGNING_SECRET');
  const verdict = verifyLink({ caseId, action, token, secret, now: adapters.clock().now() });
  if (verdict.ok) return { expiresAt: verdict.expiresAt };
  const why = verdict.reason === 'expired' ? 'expired' : 'not valid';
  return { rejected: errorPage(403, 'Link not valid', `This link is ${why} (token ${verdict.reason}).`) };
};

/** Signs for another action with the same expiry: a page never outlives the link that opened it. */
export const sameExpiry = async (caseId: string, expiresAt: Date) => {
  const secret = await requiredSecret('LINK_SIGNING_SECRET');
  return {
    token: (action: LinkAction) => signToken({ caseId, action, expiresAt, secret }),
    link: (baseUrl: string, action: LinkAction) => signLink({ baseUrl, caseId, action, expiresAt, secret }),
  };
};

export const viewPage: Route = async (event) => {
  const caseId = event.pathParameters?.id ?? '';
  const checked = await checkToken(caseId, 'view', event.queryStringParameters?.token, 'query parameter');
  if ('rejected' in checked) return checked.rejected;
  const found = await viewCase(adapters.store(), caseId);
  if (!found) return errorPage(404, 'No such case', `Sundown has no case ${caseId}.`);
  const config = adapters.config();
  const signed = await sameExpiry(caseId, checked.expiresAt);
  const done = event.queryStringParameters?.done ?? '';
  const notice = Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
  const body = renderCasePage({
    view: found,
    now: adapters.clock().now(),
    timeZone: config.brand.timeZone,
    forms: {
      baseUrl: baseUrlOf(event),
      caseId,
      tokens: { ack: signed.token('ack'), resolve: signed.token('resolve'), handoff: signed.token('handoff') },
      departments: Object.entries(config.departments).map(([name, d]) => ({
        name,
        ...(d.description && { description: d.description }),
      })),
    },
    ...(notice && { notice }),
  });
  return htmlPage(200, body);
};

/** The one-click links in alerts no longer act on GET: they confirm, and the button POSTs. */
export const confirmPage =
  (action: 'ack' | 'resolve'): Route =>
  async (event) => {
    const caseId = event.pathParameters?.id ?? '';
    const token = event.queryStringParameters?.token;
    const checked = await checkToken(caseId, action, token, 'query parameter');
    if ('rejected' in checked) return checked.rejected;
    const theCase = await adapters.store().getCase(caseId);
    if (!theCase || !token) return errorPage(404, 'No such case', `Sundown has no case ${caseId}.`);
    const baseUrl = baseUrlOf(event);
    const viewUrl = (await sameExpiry(caseId, checked.expiresAt)).link(baseUrl, 'view');
    return htmlPage(200, confirmationPage({ action, theCase, baseUrl, token, viewUrl }));
  };

/** The submitted form; only url-encoded bodies are accepted (what a plain HTML form sends). */
export const formOf = (event: APIGatewayProxyEventV2): URLSearchParams | HttpResult => {
  const type = headersOf(event)['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    return errorPage(415, 'Unsupported form', 'Header content-type must be application/x-www-form-urlencoded.');
  }
  return new URLSearchParams(rawBodyOf(event));
};
