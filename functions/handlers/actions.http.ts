/**
 * Acknowledge and resolve from the alert itself: the callbacks of interactive targets (buttons,
 * incident updates; alerts/targets/callback.ts) and the signed, expiring links in e-mail and
 * webhook alerts (the case page and its forms).
 * Each request proves itself with a signature or token; none needs an AWS identity.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { signedCaseLinks } from '../alerts/case-links.ts';
import type { ReplyDeps } from '../alerts/targets/callback.ts';
import { type RegisteredCallback, targetCallbacks } from '../alerts/targets/registry.ts';
import { HttpError, type HttpResult, headersOf, httpErrors, json, rawBodyOf } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import { flushMetrics } from '../commons/metrics.ts';
import { once } from '../commons/once.ts';
import { PayloadError } from '../commons/signed-request.ts';
import type { Secrets } from '../ports.ts';
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
import { baseUrlOf, confirmPage, type Pages, type Route, viewPage } from './case-links.ts';
import { pageActionRoute } from './case-page-actions.ts';
import { requiredSecret } from './required-secret.ts';

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
const parseOrReject = async <T>(parse: () => Promise<T>): Promise<T> => {
  try {
    return await parse();
  } catch (error) {
    if (error instanceof PayloadError) throw new HttpError(400, 'invalid_payload', error.message);
    throw error;
  }
};

/** The link-signing secret, which also keys the callback markers paging tools carry back. */
const linkSecretOf = (secrets: Secrets) => () => requiredSecret(secrets, 'LINK_SIGNING_SECRET');

/** Signs the case-page link a target's replacement message carries; a reply is never worth failing the action. */
const replyDeps = (event: APIGatewayProxyEventV2, root: ActionsRoot): ReplyDeps => ({
  caseLink: async (caseId, audience) => {
    const { config, clock } = root.followUps;
    try {
      const links = signedCaseLinks({
        ...{ baseUrl: baseUrlOf(event, config), lifetime: config.alerts.linkTtl, secret: linkSecretOf(root.secrets) },
        ...{ epoch: (id: string) => root.linkLedger.epoch(id), now: () => clock.now() },
      });
      return (await links.sign({ caseId, actions: ['view'], audience })).view;
    } catch (error) {
      logger.warn('no case link for a callback reply', { caseId, reason: (error as Error).message });
      return undefined;
    }
  },
  endpoints: root.callbackEndpoints,
  warn: (message, detail) => logger.warn(message, detail),
});

/** A target's callback: verified with its secret, read into an action on a case, answered its way. */
const callbackRoute =
  ({ type, callback }: RegisteredCallback, root: () => ActionsRoot, act: Act): Route =>
  async (event) => {
    const { followUps, secrets } = root();
    const request = { rawBody: rawBodyOf(event), headers: headersOf(event), now: followUps.clock.now() };
    rejectUnsigned(callback.verify(request, await requiredSecret(secrets, callback.secret.name)));
    const parsed = await parseOrReject(() => callback.parse(request, { linkSecret: linkSecretOf(secrets) }));
    if ('ignored' in parsed) return json(callback.status, { ignored: parsed.ignored });
    const outcome = await act(parsed.action, parsed.caseId, { who: parsed.who, via: type }, parsed.escalationId);
    if (outcome.outcome === 'done' && callback.reply) {
      await callback.reply({ ...parsed, at: new Date(outcome.case.updatedAt) }, replyDeps(event, root()));
    }
    return json(callback.status, {
      ...callback.answer?.(parsed, outcome.outcome !== 'not_found'),
      ...summary(outcome),
    });
  };

/** The routes over one composition root: `root` is built on the first request and kept. */
export const actionsRoutes = (root: () => ActionsRoot): Route => {
  const act = actOn(() => root().followUps);
  const pages: Pages = () => ({ ...root().followUps, linkLedger: root().linkLedger, secrets: root().secrets });
  const routes: Readonly<Record<string, Route>> = {
    'GET /cases/{id}/view': viewPage(pages),
    'GET /cases/{id}/ack': confirmPage('ack', pages),
    'GET /cases/{id}/resolve': confirmPage('resolve', pages),
    'POST /cases/{id}/actions/{action}': pageActionRoute(act, () => root().followUps, pages),
  };
  // Read per request: a target registered after this module loaded (one kept outside the repository) is served too.
  const callback = (routeKey: string): Route | undefined => {
    const registered = targetCallbacks().find(({ callback }) => `POST ${callback.path}` === routeKey);
    return registered && callbackRoute(registered, root, act);
  };
  return async (event) => {
    const route = routes[event.routeKey] ?? callback(event.routeKey);
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
