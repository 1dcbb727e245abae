/**
 * Acknowledge and resolve from the alert itself: Slack buttons, PagerDuty incident updates,
 * and the signed, expiring links in e-mail and webhook alerts (the case page and its forms).
 * Each request proves itself with a signature or token; none needs an AWS identity.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError, type HttpResult, headersOf, httpErrors, json, parseJsonBody, rawBodyOf } from '../commons/http.ts';
import { flushMetrics } from '../commons/metrics.ts';
import { once } from '../commons/once.ts';
import { parsePagerDutyWebhook, verifyPagerDuty } from '../integrations/pagerduty.ts';
import { parseSlackAction, verifySlack } from '../integrations/slack.ts';
import { PayloadError } from '../platforms/errors.ts';
import { type ActionsRoot, composeActions } from '../roots/actions.ts';
import type { Substitutes } from '../roots/parts.ts';
import {
  type ActionOutcome,
  type Actor,
  acknowledgeCase,
  type CaseActionDeps,
  resolveCase,
} from '../use-cases/case-actions.ts';
import { liftSuppression } from '../use-cases/lift-suppression.ts';
import { rejectUnsigned } from '../use-cases/receive-webhook.ts';
import { confirmPage, type Route, viewPage } from './case-links.ts';
import { pageActionRoute } from './case-page-actions.ts';
import { requiredSecret } from './required-secret.ts';
import { replaceSlackAlert } from './slack-message.ts';

type Act = (
  action: 'ack' | 'resolve' | 'unsuppress',
  caseId: string,
  actor: Actor,
  escalationId?: string,
) => Promise<ActionOutcome>;

const actOn =
  (deps: () => CaseActionDeps): Act =>
  (action, caseId, actor, escalationId) => {
    if (action === 'ack') return acknowledgeCase(caseId, actor, deps(), escalationId);
    return action === 'resolve' ? resolveCase(caseId, actor, deps()) : liftSuppression(caseId, actor, deps());
  };

const summary = (outcome: ActionOutcome) =>
  outcome.outcome === 'not_found'
    ? { outcome: 'not_found' }
    : {
        outcome: outcome.outcome,
        caseId: outcome.case.id,
        status: outcome.case.status,
        ...('reason' in outcome && { reason: outcome.reason }),
      };

/** A signed body that is not the documented shape is the sender's mistake: 400, naming the field. */
const parseOrReject = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PayloadError) throw new HttpError(400, 'invalid_payload', error.message);
    throw error;
  }
};

const slack =
  (root: () => ActionsRoot, act: Act): Route =>
  async (event) => {
    const raw = rawBodyOf(event);
    const { followUps, linkLedger } = root();
    rejectUnsigned(
      verifySlack(await requiredSecret('SLACK_SIGNING_SECRET'), raw, headersOf(event), followUps.clock.now()),
    );
    const parsed = parseOrReject(() => parseSlackAction(raw));
    if ('ignored' in parsed) return json(200, { ignored: parsed.ignored });
    const who = parsed.user.name ?? parsed.user.id;
    const outcome = await act(parsed.action, parsed.caseId, { who, via: 'slack' }, parsed.escalationId);
    if (parsed.responseUrl && outcome.outcome === 'done') {
      await replaceSlackAlert(event, parsed.responseUrl, parsed.action, outcome.case, who, {
        ...followUps,
        linkLedger,
      });
    }
    const verb = parsed.action === 'ack' ? 'acknowledged' : 'resolved';
    const text =
      outcome.outcome === 'not_found'
        ? `Sundown has no case ${parsed.caseId}`
        : `Case ${parsed.caseId} ${verb} by ${who}`;
    // The alert message itself was replaced through response_url above; this answers the clicker.
    return json(200, { response_type: 'ephemeral', replace_original: false, text, ...summary(outcome) });
  };

const pagerDuty =
  (act: Act): Route =>
  async (event) => {
    const raw = rawBodyOf(event);
    rejectUnsigned(verifyPagerDuty(await requiredSecret('PAGERDUTY_WEBHOOK_SECRET'), raw, headersOf(event)));
    const markerSecret = await requiredSecret('LINK_SIGNING_SECRET');
    const parsed = parseOrReject(() => parsePagerDutyWebhook(parseJsonBody(raw), markerSecret));
    if ('ignored' in parsed) return json(202, { ignored: parsed.ignored });
    if (!parsed.caseId) return json(202, { ignored: `incident ${parsed.incidentId} was not opened by Sundown` });
    const who = parsed.agent?.summary ?? 'PagerDuty';
    const outcome = await act(parsed.action, parsed.caseId, { who, via: 'pagerduty' }, parsed.escalationId);
    return json(202, summary(outcome));
  };

/** The routes over one composition root: `root` is built on the first request and kept. */
export const actionsRoutes = (root: () => ActionsRoot): Route => {
  const act = actOn(() => root().followUps);
  const routes: Readonly<Record<string, Route>> = {
    'POST /integrations/slack/actions': slack(root, act),
    'POST /integrations/pagerduty': pagerDuty(act),
    'GET /cases/{id}/view': viewPage,
    'GET /cases/{id}/ack': confirmPage('ack'),
    'GET /cases/{id}/resolve': confirmPage('resolve'),
    'POST /cases/{id}/actions/{action}': pageActionRoute(act, () => root().followUps),
  };
  return async (event) => {
    const route = routes[event.routeKey];
    if (!route) throw new HttpError(404, 'not_found', `no route ${event.routeKey}`);
    return route(event);
  };
};

export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeActions(substitutes));
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(flushMetrics(() => root().metrics))
    .use(httpErrors())
    .handler(actionsRoutes(root));
};

export const handler = createHandler();
