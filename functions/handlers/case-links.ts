/**
 * The routes behind the signed links in alerts: the case page and the confirmation pages of the
 * one-click ack/resolve links (the POST forms that act are case-page-actions.ts). Every answer is
 * an HTML page, and a caller's mistake is a 4xx page saying which field or token is at fault.
 * A page shows only what the link that opened it grants.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpResult, headersOf, rawBodyOf } from '../commons/http.ts';
import type { SundownConfig } from '../config/schema.ts';
import type { CaseViewStore } from '../use-cases/read-cases.ts';
import { viewCase } from '../use-cases/read-cases.ts';
import { confirmationPage, NOTICES, type PageAction } from '../views/actions.ts';
import { renderCasePage } from '../views/case-page.ts';
import { errorPage, htmlPage } from './html-page.ts';
import { checkToken, derivedFrom, type TokenDeps } from './link-tokens.ts';

export { errorPage, htmlPage } from './html-page.ts';

export type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

/** What the link pages need, from the actions function's composition root (built on first use). */
export interface PageDeps extends TokenDeps {
  readonly store: CaseViewStore;
  readonly config: SundownConfig;
}

export type Pages = () => PageDeps;

/** Links on the page point back at whatever host served it, unless the config names one. */
export const baseUrlOf = (event: APIGatewayProxyEventV2, config: Pick<SundownConfig, 'publicBaseUrl'>): string => {
  const configured = config.publicBaseUrl;
  if (configured) return configured;
  const host = event.requestContext.domainName;
  return host.startsWith('127.') || host.startsWith('localhost') ? `http://${host}` : `https://${host}`;
};

const PAGE_ACTIONS: readonly PageAction[] = ['ack', 'resolve', 'handoff', 'unsuppress'];

export const viewPage =
  (pages: Pages): Route =>
  async (event) => {
    const deps = pages();
    const caseId = event.pathParameters?.id ?? '';
    const token = event.queryStringParameters?.token;
    const checked = await checkToken({ caseId, action: 'view', token, where: 'query parameter' }, deps);
    if ('rejected' in checked) return checked.rejected;
    const found = await viewCase(deps.store, caseId);
    if (!found) return errorPage(404, 'No such case', `Sundown has no case ${caseId}.`);
    const { config } = deps;
    const derived = await derivedFrom(caseId, checked.link, deps.secrets);
    // Lifting suppression is offered only while there is suppression to lift.
    const offered = PAGE_ACTIONS.filter((action) => action !== 'unsuppress' || found.case.suppressed);
    const tokens = Object.fromEntries(
      offered.flatMap((action) => {
        const signed = derived.token(action);
        return signed ? [[action, signed]] : [];
      }),
    );
    const done = event.queryStringParameters?.done ?? '';
    const notice = Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    const body = renderCasePage({
      view: found,
      now: deps.clock.now(),
      timeZone: config.brand.timeZone,
      forms: {
        baseUrl: baseUrlOf(event, config),
        caseId,
        tokens,
        audience: checked.link.audience,
        departments: Object.entries(config.departments).map(([name, d]) => ({
          name,
          ...(d.description && { description: d.description }),
        })),
      },
      ...(notice && { notice }),
    });
    return htmlPage(200, body);
  };

/** The one-click links in alerts do not act on GET: they confirm, and the button POSTs. */
export const confirmPage =
  (action: 'ack' | 'resolve', pages: Pages): Route =>
  async (event) => {
    const deps = pages();
    const caseId = event.pathParameters?.id ?? '';
    const token = event.queryStringParameters?.token;
    const checked = await checkToken({ caseId, action, token, where: 'query parameter', use: 'peek' }, deps);
    if ('rejected' in checked) return checked.rejected;
    const theCase = await deps.store.getCase(caseId);
    if (!theCase || !token) return errorPage(404, 'No such case', `Sundown has no case ${caseId}.`);
    const baseUrl = baseUrlOf(event, deps.config);
    const viewUrl = (await derivedFrom(caseId, checked.link, deps.secrets)).link(baseUrl, 'view');
    return htmlPage(200, confirmationPage({ action, theCase, baseUrl, token, ...(viewUrl && { viewUrl }) }));
  };

/** The submitted form; only url-encoded bodies are accepted (what a plain HTML form sends). */
export const formOf = (event: APIGatewayProxyEventV2): URLSearchParams | HttpResult => {
  const type = headersOf(event)['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    return errorPage(415, 'Unsupported form', 'Header content-type must be application/x-www-form-urlencoded.');
  }
  return new URLSearchParams(rawBodyOf(event));
};
