/**
 * Acknowledge and resolve from the alert itself: Slack buttons, PagerDuty incident updates,
 * and the signed, expiring links in e-mail and webhook alerts. Each request proves itself
 * with a signature or token; none needs an AWS identity.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { adapters } from '../adapters/container.ts';
import { type LinkAction, signLink, verifyLink } from '../alerts/links.ts';
import { HttpError, type HttpResult, headersOf, httpErrors, json, parseJsonBody, rawBodyOf } from '../commons/http.ts';
import { parsePagerDutyWebhook, verifyPagerDuty } from '../integrations/pagerduty.ts';
import { parseSlackAction, verifySlack } from '../integrations/slack.ts';
import {
  type ActionOutcome,
  type Actor,
  acknowledgeCase,
  type CaseActionDeps,
  resolveCase,
} from '../use-cases/case-actions.ts';
import { viewCase } from '../use-cases/read-cases.ts';
import { rejectUnsigned } from '../use-cases/receive-webhook.ts';
import { renderCasePage } from '../views/case-page.ts';
import { escapeHtml } from '../views/html.ts';
import { requiredSecret } from './required-secret.ts';

type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

const deps = (): CaseActionDeps => ({
  store: adapters.store(),
  publisher: adapters.publisher(),
  alertQueue: adapters.alertQueue(),
  clock: adapters.clock(),
  config: adapters.config(),
  newId: adapters.newId(),
});

const act = (action: 'ack' | 'resolve', caseId: string, actor: Actor, escalationId?: string) =>
  action === 'ack' ? acknowledgeCase(caseId, actor, deps(), escalationId) : resolveCase(caseId, actor, deps());

const summary = (outcome: ActionOutcome) =>
  outcome.outcome === 'not_found'
    ? { outcome: 'not_found' }
    : {
        outcome: outcome.outcome,
        caseId: outcome.case.id,
        status: outcome.case.status,
        ...('reason' in outcome && { reason: outcome.reason }),
      };

const slack: Route = async (event) => {
  const raw = rawBodyOf(event);
  rejectUnsigned(
    verifySlack(await requiredSecret('SLACK_SIGNING_SECRET'), raw, headersOf(event), adapters.clock().now()),
  );
  const parsed = parseSlackAction(raw);
  if ('ignored' in parsed) return json(200, { ignored: parsed.ignored });
  const who = parsed.user.name ?? parsed.user.id;
  const outcome = await act(parsed.action, parsed.caseId, { who, via: 'slack' }, parsed.escalationId);
  const verb = parsed.action === 'ack' ? 'acknowledged' : 'resolved';
  const text =
    outcome.outcome === 'not_found'
      ? `Sundown has no case ${parsed.caseId}`
      : `Case ${parsed.caseId} ${verb} by ${who}`;
  // Slack shows this to the person who clicked; the alert message itself stays as it was.
  return json(200, { response_type: 'ephemeral', replace_original: false, text, ...summary(outcome) });
};

const pagerDuty: Route = async (event) => {
  const raw = rawBodyOf(event);
  rejectUnsigned(verifyPagerDuty(await requiredSecret('PAGERDUTY_WEBHOOK_SECRET'), raw, headersOf(event)));
  const parsed = parsePagerDutyWebhook(parseJsonBody(raw));
  if ('ignored' in parsed) return json(202, { ignored: parsed.ignored });
  if (!parsed.caseId) return json(202, { ignored: `incident ${parsed.incidentId} was not opened by Sundown` });
  const who = parsed.agent?.summary ?? 'PagerDuty';
  const outcome = await act(parsed.action, parsed.caseId, { who, via: 'pagerduty' }, parsed.escalationId);
  return json(202, summary(outcome));
};

const page = (status: number, title: string, message: string): HttpResult => ({
  statusCode: status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${title}</h1><p>${message}</p></body></html>`,
});

/** Checks the signed token of an alert link; undefined when it is good, else the page to answer with. */
const rejectLink = async (event: APIGatewayProxyEventV2, action: LinkAction): Promise<HttpResult | undefined> => {
  const caseId = event.pathParameters?.id ?? '';
  const token = event.queryStringParameters?.token;
  if (!token) throw new HttpError(400, 'missing_parameter', 'query parameter token is required', { field: 'token' });
  const secret = await requiredSecret('LINK_SIGNING_SECRET');
  const verdict = verifyLink({ caseId, action, token, secret, now: adapters.clock().now() });
  if (verdict.ok) return undefined;
  const why = verdict.reason === 'expired' ? 'expired' : 'not valid';
  return page(403, 'Link not valid', `This link is ${why} (token ${verdict.reason}).`);
};

/** Links on the page point back at whatever host served it, unless the config names one. */
const baseUrlOf = (event: APIGatewayProxyEventV2): string => {
  const configured = adapters.config().publicBaseUrl;
  if (configured) return configured;
  const host = event.requestContext.domainName;
  return host.startsWith('127.') || host.startsWith('localhost') ? `http://${host}` : `https://${host}`;
};

const view: Route = async (event) => {
  const rejected = await rejectLink(event, 'view');
  if (rejected) return rejected;
  const caseId = event.pathParameters?.id ?? '';
  const found = await viewCase(adapters.store(), caseId);
  if (!found) return page(404, 'No such case', `Sundown has no case ${escapeHtml(caseId)}.`);
  const now = adapters.clock().now();
  const secret = await requiredSecret('LINK_SIGNING_SECRET');
  const expiresAt = new Date(now.getTime() + 24 * 3600 * 1000);
  const sign = (action: 'ack' | 'resolve') =>
    signLink({ baseUrl: baseUrlOf(event), caseId, action, expiresAt, secret });
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: renderCasePage(found, { ack: sign('ack'), resolve: sign('resolve') }, now),
  };
};

const link =
  (action: 'ack' | 'resolve'): Route =>
  async (event) => {
    const rejected = await rejectLink(event, action);
    if (rejected) return rejected;
    const caseId = event.pathParameters?.id ?? '';
    const outcome = await act(action, caseId, { who: 'alert link', via: 'link' });
    if (outcome.outcome === 'not_found') return page(404, 'No such case', `Sundown has no case ${escapeHtml(caseId)}.`);
    const done = action === 'ack' ? 'Acknowledged' : 'Resolved';
    const detail = outcome.outcome === 'unchanged' ? escapeHtml(outcome.reason) : `Case ${escapeHtml(caseId)}: done.`;
    return page(200, done, detail);
  };

const routes: Readonly<Record<string, Route>> = {
  'POST /integrations/slack/actions': slack,
  'POST /integrations/pagerduty': pagerDuty,
  'GET /cases/{id}/view': view,
  'GET /cases/{id}/ack': link('ack'),
  'GET /cases/{id}/resolve': link('resolve'),
};

export const actionsHandler: Route = async (event) => {
  const route = routes[event.routeKey];
  if (!route) throw new HttpError(404, 'not_found', `no route ${event.routeKey}`);
  return route(event);
};

export const handler = middy<APIGatewayProxyEventV2, HttpResult>().use(httpErrors()).handler(actionsHandler);
