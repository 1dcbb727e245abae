/**
 * Every platform webhook route: X (CRC + signed events), Meta (handshake + signed events)
 * and Standard Webhooks-signed generic channels. Verify, normalise, queue, then answer 200.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Duration } from 'luxon';
import { clock, config, metrics } from '../adapters/compose/core.ts';
import { intakeQueue } from '../adapters/compose/sqs.ts';
import { inboundSecretKey, secret as readSecret } from '../adapters/secrets.ts';
import { HttpError, type HttpResult, headersOf, httpErrors, json, parseJsonBody, rawBodyOf } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import { flushMetrics } from '../commons/metrics.ts';
import { PayloadError } from '../platforms/errors.ts';
import { normalizeInbound, verifyInbound } from '../platforms/inbound/index.ts';
import { metaHandshake, normalizeMeta, verifyMeta } from '../platforms/meta/index.ts';
import type { NormalizeResult } from '../platforms/types.ts';
import { crcResponse, normalizeX, verifyX } from '../platforms/x/index.ts';
import { queueNormalized, rejectUnsigned } from '../use-cases/receive-webhook.ts';
import { requiredSecret } from './required-secret.ts';

type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

// Only the adapters the receiver uses, so its bundle carries no DynamoDB or EventBridge client.
const adapters = { clock, config, metrics, intakeQueue };

const eventTimes = () => {
  const { maxAhead, maxAge } = adapters.config().intake.eventTimes;
  return { maxAheadMs: Duration.fromISO(maxAhead).toMillis(), maxAgeMs: Duration.fromISO(maxAge).toMillis() };
};

const context = () => ({ receivedAt: adapters.clock().now().toISOString(), accounts: adapters.config().accounts });

/** Reads the raw body once, enforcing the configured size limit before anything else. */
const bodyOf = (event: APIGatewayProxyEventV2): string => {
  const raw = rawBodyOf(event);
  const limit = adapters.config().intake.maxBodyBytes;
  if (Buffer.byteLength(raw) > limit) {
    throw new HttpError(413, 'body_too_large', `body is larger than ${limit} bytes`, { limit });
  }
  return raw;
};

const normalizeOrReject = (normalize: () => NormalizeResult): NormalizeResult => {
  try {
    return normalize();
  } catch (error) {
    if (error instanceof PayloadError) throw new HttpError(400, 'invalid_payload', error.message);
    throw error;
  }
};

const accept = async (platform: string, normalized: NormalizeResult): Promise<HttpResult> => {
  const result = await queueNormalized(normalized, { queue: adapters.intakeQueue(), eventTimes: eventTimes() });
  // One count per delivery, by platform family: per-source names would multiply the metric's dimensions.
  adapters.metrics().record('WebhooksAccepted', 1, { platform: platform.split(':')[0] ?? platform });
  for (const ignored of result.ignored) logger.info('webhook event ignored', { platform, ...ignored });
  logger.info('webhook accepted', { platform, queued: result.queued, ignored: result.ignored.length });
  return json(200, { received: true, ...result });
};

const xCrc: Route = async (event) => {
  const token = event.queryStringParameters?.crc_token;
  if (!token)
    throw new HttpError(400, 'missing_parameter', 'query parameter crc_token is required', { field: 'crc_token' });
  const secret = await requiredSecret('X_CONSUMER_SECRET');
  try {
    return json(200, crcResponse(secret, token));
  } catch (error) {
    if (error instanceof PayloadError)
      throw new HttpError(400, 'invalid_parameter', error.message, { field: 'crc_token' });
    throw error;
  }
};

const xEvents: Route = async (event) => {
  const raw = bodyOf(event);
  rejectUnsigned(verifyX(await requiredSecret('X_CONSUMER_SECRET'), raw, headersOf(event)));
  const payload = parseJsonBody(raw);
  return accept(
    'x',
    normalizeOrReject(() => normalizeX(payload, context())),
  );
};

const metaVerify: Route = async (event) => {
  const result = metaHandshake(event.queryStringParameters ?? {}, await requiredSecret('META_VERIFY_TOKEN'));
  if (!result.ok) throw new HttpError(result.status, 'handshake_failed', result.reason);
  return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: result.challenge };
};

const metaEvents: Route = async (event) => {
  const raw = bodyOf(event);
  rejectUnsigned(verifyMeta(await requiredSecret('META_APP_SECRET'), raw, headersOf(event)));
  const payload = parseJsonBody(raw);
  return accept(
    'meta',
    normalizeOrReject(() => normalizeMeta(payload, context())),
  );
};

const inboundEvents: Route = async (event) => {
  const source = event.pathParameters?.source ?? '';
  const sources = adapters.config().inboundSources;
  // Own keys only: `constructor` or `__proto__` must not pass for a configured source.
  const sourceConfig = Object.hasOwn(sources, source) ? sources[source] : undefined;
  if (!sourceConfig) throw new HttpError(404, 'unknown_source', `no inbound source named "${source}" is configured`);
  const raw = bodyOf(event);
  const own = await readSecret(inboundSecretKey(source));
  rejectUnsigned(verifyInbound(own ?? (await requiredSecret('INBOUND_WEBHOOK_SECRET')), raw, headersOf(event)));
  const payload = parseJsonBody(raw);
  return accept(
    `inbound:${source}`,
    normalizeOrReject(() => normalizeInbound(source, sourceConfig, payload, context())),
  );
};

const routes: Readonly<Record<string, Route>> = {
  'GET /webhooks/x': xCrc,
  'POST /webhooks/x': xEvents,
  'GET /webhooks/meta': metaVerify,
  'POST /webhooks/meta': metaEvents,
  'POST /webhooks/inbound/{source}': inboundEvents,
};

export const webhooksHandler: Route = async (event) => {
  const route = routes[event.routeKey];
  try {
    if (!route) throw new HttpError(404, 'not_found', `no route ${event.routeKey}`);
    return await route(event);
  } catch (error) {
    if (error instanceof HttpError && error.expose) {
      adapters.metrics().record('WebhookRejects', 1, { reason: error.code });
    }
    throw error;
  }
};

export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(flushMetrics(adapters.metrics))
  .use(httpErrors())
  .handler(webhooksHandler);
