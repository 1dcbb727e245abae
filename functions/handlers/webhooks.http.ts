/**
 * Every platform webhook route, from the platform registry: each platform's handshake, and its
 * signed events: verify, normalise, queue, then answer 200. No platform is named here.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { fixedDurationMs } from '../commons/fixed-duration.ts';
import { HttpError, type HttpResult, headersOf, httpErrors, json, parseJsonBody, rawBodyOf } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import { flushMetrics } from '../commons/metrics.ts';
import { once } from '../commons/once.ts';
import { PLATFORMS, pathParameters } from '../platforms/derived.ts';
import { PayloadError } from '../platforms/errors.ts';
import type { HandshakeRoute, PlatformModule, PlatformRequest } from '../platforms/platform.ts';
import type { NormalizeResult } from '../platforms/types.ts';
import type { Substitutes } from '../roots/core.ts';
import { composeWebhooks, type WebhooksRoot } from '../roots/webhooks.ts';
import { queueNormalized, rejectUnsigned } from '../use-cases/receive-webhook.ts';
import { requiredSecret } from './required-secret.ts';

type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;
type Root = () => WebhooksRoot;

const eventTimes = (root: WebhooksRoot) => {
  const { maxAhead, maxAge } = root.config.intake.eventTimes;
  return { maxAheadMs: fixedDurationMs(maxAhead), maxAgeMs: fixedDurationMs(maxAge) };
};

const requestOf = (event: APIGatewayProxyEventV2, root: WebhooksRoot): PlatformRequest => ({
  query: event.queryStringParameters ?? {},
  params: event.pathParameters ?? {},
  config: root.config,
});

/** Reads the raw body once, enforcing the configured size limit before anything else. */
const bodyOf = (event: APIGatewayProxyEventV2, root: WebhooksRoot): string => {
  const raw = rawBodyOf(event);
  const limit = root.config.intake.maxBodyBytes;
  if (Buffer.byteLength(raw) > limit) {
    throw new HttpError(413, 'body_too_large', `body is larger than ${limit} bytes`, { limit });
  }
  return raw;
};

/** 404 for a path parameter the config does not serve (an inbound source nobody configured). */
const refuseUnconfigured = (platform: PlatformModule, request: PlatformRequest): void => {
  const { path, configured } = platform.routes.events;
  const served = configured?.(request.config) ?? [];
  for (const name of pathParameters(path)) {
    const value = request.params[name] ?? '';
    if (!served.some((params) => params[name] === value)) {
      throw new HttpError(404, `unknown_${name}`, `no ${platform.id} ${name} named "${value}" is configured`);
    }
  }
};

/** The most specific of the platform's signing secrets that is set; the last one is required. */
const signingSecret = async (platform: PlatformModule, request: PlatformRequest, root: WebhooksRoot) => {
  const names = platform.signingSecrets(request.params);
  for (const name of names.slice(0, -1)) {
    const own = await root.secrets.get(name);
    if (own) return own;
  }
  return requiredSecret(root.secrets, names.at(-1) ?? '');
};

const normalizeOrReject = (normalize: () => NormalizeResult): NormalizeResult => {
  try {
    return normalize();
  } catch (error) {
    if (error instanceof PayloadError) throw new HttpError(400, 'invalid_payload', error.message);
    throw error;
  }
};

const accept = async (
  platform: PlatformModule,
  label: string,
  normalized: NormalizeResult,
  root: WebhooksRoot,
): Promise<HttpResult> => {
  const result = await queueNormalized(normalized, { queue: root.intakeQueue, eventTimes: eventTimes(root) });
  // One count per delivery, by platform: per-source names would multiply the metric's dimensions.
  root.metrics.record('WebhooksAccepted', 1, { platform: platform.id });
  for (const ignored of result.ignored) logger.info('webhook event ignored', { platform: label, ...ignored });
  logger.info('webhook accepted', { platform: label, queued: result.queued, ignored: result.ignored.length });
  return json(200, { received: true, ...result });
};

const eventsRoute =
  (platform: PlatformModule, root: Root): Route =>
  async (event) => {
    const request = requestOf(event, root());
    refuseUnconfigured(platform, request);
    const raw = bodyOf(event, root());
    rejectUnsigned(platform.verify(await signingSecret(platform, request, root()), raw, headersOf(event)));
    const payload = parseJsonBody(raw);
    const context = { receivedAt: root().clock.now().toISOString(), accounts: request.config.accounts };
    const label = [platform.id, ...Object.values(request.params)].join(':');
    return accept(
      platform,
      label,
      normalizeOrReject(() => platform.normalize(payload, context, request)),
      root(),
    );
  };

const handshakeRoute =
  (handshake: HandshakeRoute, root: Root): Route =>
  async (event) =>
    handshake.answer(requestOf(event, root()), await requiredSecret(root().secrets, handshake.secret));

/** `METHOD path` to its route, for every platform given. */
export const webhookRoutes = (platforms: readonly PlatformModule[], root: Root): Readonly<Record<string, Route>> =>
  Object.fromEntries(
    platforms.flatMap((platform) => {
      const { handshake, events } = platform.routes;
      const answer = handshake
        ? [[`${handshake.method} ${handshake.path}`, handshakeRoute(handshake, root)] as const]
        : [];
      return [...answer, [`${events.method} ${events.path}`, eventsRoute(platform, root)] as const];
    }),
  );

/** The receiver over its own composition root, built on the first request; tests and the local stack pass substitutes. */
export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeWebhooks(substitutes));
  const routes = webhookRoutes(PLATFORMS, root);
  const webhooks: Route = async (event) => {
    const route = routes[event.routeKey];
    try {
      if (!route) throw new HttpError(404, 'not_found', `no route ${event.routeKey}`);
      return await route(event);
    } catch (error) {
      if (error instanceof HttpError && error.expose)
        root().metrics.record('WebhookRejects', 1, { reason: error.code });
      throw error;
    }
  };
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(flushMetrics(() => root().metrics))
    .use(httpErrors())
    .handler(webhooks);
};

export const handler = createHandler();
