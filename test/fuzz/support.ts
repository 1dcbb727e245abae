/**
 * What the fuzz tests drive: every route of httpRoutes() called in-process with API Gateway v2
 * events built the way local/http-server.ts builds them, the handler of each route loaded from
 * FUNCTION_ENTRIES, and a valid signed request per signed route to mutate.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll } from 'vitest';
import { sqs } from '../../functions/adapters/sqs/client.ts';
import { SqsIntakeQueue } from '../../functions/adapters/sqs/intake-queue.ts';
import type { InboundEvent } from '../../functions/domain/inbound-event.ts';
import { FUNCTION_ENTRIES, type HttpRoute, httpRoutes } from '../../functions/handlers/routes.ts';
import type { Substitutes } from '../../functions/roots/parts.ts';
import { lambdaContext } from '../../local/sqs-poller.ts';
import { signInbound, signMeta, signX } from '../fixtures/build.ts';
import { minified, sampleJson } from '../fixtures/samples.ts';
import { slackBlockActions, slackForm } from '../integrations/derived.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

export interface Request {
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes go base64-encoded, as API Gateway sends a binary body. */
  readonly body: string | Uint8Array;
  /** API Gateway base64-encodes binary bodies; the local server always does. */
  readonly base64: boolean;
}

export interface Answer {
  readonly statusCode: number;
  readonly contentType: string;
  readonly body: string;
}

export const routeKey = (route: HttpRoute) => `${route.method} ${route.path}`;

export const pathParameterNames = (route: HttpRoute): string[] =>
  [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The same event shape local/http-server.ts gives the handlers. */
export const apiEvent = (route: HttpRoute, request: Request): APIGatewayProxyEventV2 => {
  // A URL cannot carry a lone surrogate: API Gateway hands over U+FFFD instead.
  const parameter = (name: string) => (request.pathParameters[name] ?? '').replace(LONE_SURROGATE, '\ufffd');
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(parameter(name)));
  const rawQueryString = new URLSearchParams(request.query as Record<string, string>).toString();
  const names = pathParameterNames(route);
  const now = new Date();
  const bytes = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.from(request.body);
  const base64 = request.base64 || typeof request.body !== 'string';
  const body = base64 ? bytes.toString('base64') : String(request.body);
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath,
    rawQueryString,
    headers: { host: '127.0.0.1:3000', ...request.headers },
    ...(Object.keys(request.query).length > 0 && { queryStringParameters: { ...request.query } }),
    ...(names.length > 0 && {
      pathParameters: Object.fromEntries(names.map((name) => [name, parameter(name)])),
    }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: '127.0.0.1:3000',
      domainPrefix: '127',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fuzz' },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(bytes.length > 0 && { body }),
    isBase64Encoded: base64 && bytes.length > 0,
  };
};

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Each route's real handler, imported from the entry file its function is deployed from; a
 * function with a composition root of its own is built over the local stack's substitutes.
 */
export const loadHandlers = async (
  routes: readonly HttpRoute[],
  substitutes: Substitutes = {},
): Promise<Map<string, Handler>> => {
  const handlers = new Map<string, Handler>();
  for (const route of routes) {
    const module = (await import(`../../${FUNCTION_ENTRIES[route.function]}`)) as {
      handler: Handler;
      createHandler?: (substitutes: Substitutes) => Handler;
    };
    handlers.set(routeKey(route), module.createHandler ? module.createHandler(substitutes) : module.handler);
  }
  return handlers;
};

export const call = async (handler: Handler, route: HttpRoute, request: Request): Promise<Answer> => {
  const result = await handler(apiEvent(route, request), lambdaContext(`fuzz-${route.function}`));
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    statusCode: result.statusCode ?? 200,
    contentType: String(headers['content-type'] ?? ''),
    body: result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? ''),
  };
};

/** A signed route: a valid body, the headers that sign it, and the headers a signature lives in. */
export interface Signer {
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly sample: () => string;
  /** When the body wraps JSON (Slack's form field), the JSON and how it is wrapped. */
  readonly json?: () => string;
  readonly wrap?: (json: string) => string;
  readonly sign: (body: string) => Record<string, string>;
  readonly signatureHeaders: readonly string[];
}

const { X_CONSUMER_SECRET, META_APP_SECRET, INBOUND_WEBHOOK_SECRET, SLACK_SIGNING_SECRET, PAGERDUTY_WEBHOOK_SECRET } =
  TEST_SECRETS;

const hmacHex = (secret: string, text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');

/** Every POST route that verifies a signature over its body. A new one must be added here (a test checks). */
export const SIGNERS: Readonly<Record<string, Signer>> = {
  'POST /webhooks/x': {
    sample: () => minified('x-aaa-direct_message_events.json'),
    sign: (body) => signX(body, X_CONSUMER_SECRET),
    signatureHeaders: ['x-twitter-webhooks-signature'],
  },
  'POST /webhooks/meta': {
    sample: () => minified('whatsapp-message-text.json'),
    sign: (body) => signMeta(body, META_APP_SECRET),
    signatureHeaders: ['x-hub-signature-256'],
  },
  'POST /webhooks/inbound/{source}': {
    pathParameters: { source: 'chat' },
    sample: () =>
      JSON.stringify({
        type: 'message.created',
        timestamp: new Date().toISOString(),
        data: { conversationId: 'fuzz', messageId: 'fuzz-1', text: 'hello', customer: { email: 'fuzz@example.com' } },
      }),
    sign: (body) => signInbound(body, INBOUND_WEBHOOK_SECRET, `msg_${randomUUID()}`, new Date()),
    signatureHeaders: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
  },
  'POST /integrations/slack/actions': {
    sample: () => slackForm(slackBlockActions('sundown_ack')),
    json: () => JSON.stringify(slackBlockActions('sundown_ack')),
    wrap: (json) => `payload=${encodeURIComponent(json)}`,
    sign: (body) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': `v0=${hmacHex(SLACK_SIGNING_SECRET, `v0:${timestamp}:${body}`)}`,
      };
    },
    signatureHeaders: ['x-slack-request-timestamp', 'x-slack-signature'],
  },
  'POST /integrations/pagerduty': {
    sample: () => JSON.stringify(sampleJson('pagerduty-webhook-v3-incident.acknowledged.captured.json')),
    sign: (body) => ({ 'x-pagerduty-signature': `v1=${hmacHex(PAGERDUTY_WEBHOOK_SECRET, body)}` }),
    signatureHeaders: ['x-pagerduty-signature'],
  },
};

/** The error a JSON 4xx must carry: a code and a message. */
export const jsonError = (answer: Answer): { code: string; message: string } | undefined => {
  try {
    const parsed = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    return typeof code === 'string' && typeof message === 'string' && message.length > 0
      ? { code, message }
      : undefined;
  } catch {
    return undefined;
  }
};

export interface FuzzTarget {
  /** Every route's handler, by `METHOD /path`. */
  handlers: Map<string, Handler>;
  /** Every event that reached the intake queue. */
  readonly queued: InboundEvent[];
}

/** A fuzz file's setup: the local stack behind the handlers, and a record of what reaches the intake queue. */
export const fuzzTarget = (): FuzzTarget => {
  const target: FuzzTarget = { handlers: new Map(), queued: [] };
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await startTestStack();
    const real = new SqsIntakeQueue({ client: sqs(), queueUrl: stack.queues.intake.url });
    const intakeQueue = {
      send: async (events: readonly InboundEvent[]) => {
        target.queued.push(...events);
        await real.send(events);
      },
    };
    target.handlers = await loadHandlers(httpRoutes(), { publisher: stack.bus, intakeQueue });
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return target;
};
