/**
 * Signed webhook deliveries for the intake and cost benchmarks, built from the official samples
 * (test/fixtures) with the test signers, as API Gateway (HTTP API, payload v2) hands them to the
 * receiver. A conversation is four deliveries on one platform: the customer's first message
 * (a new case), a follow-up on the same thread, the brand's reply, and the first message
 * delivered again (platforms retry).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { signInbound, signMeta, signX } from '../../test/fixtures/build.ts';
import { BRAND, inboundMessage, messengerEcho, messengerMessage } from '../../test/fixtures/derived-samples.ts';
import { type Json, sampleJson } from '../../test/fixtures/samples.ts';

export const KINDS = ['new case', 'customer follow-up', 'brand reply', 'duplicate delivery'] as const;
export type DeliveryKind = (typeof KINDS)[number];
export type Platform = 'x' | 'meta' | 'inbound';
export const PLATFORMS: readonly Platform[] = ['x', 'meta', 'inbound'];

export interface Delivery {
  readonly platform: Platform;
  readonly kind: DeliveryKind;
  readonly routeKey: string;
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

export interface WebhookSecrets {
  readonly X_CONSUMER_SECRET: string;
  readonly META_APP_SECRET: string;
  readonly INBOUND_WEBHOOK_SECRET: string;
}

/** Numeric platform ids, unique per run and conversation. */
const numericId = (run: number, conversation: number, message: number): string =>
  `${run}${String(conversation).padStart(7, '0')}${message}`;

const xDm = (run: number, conversation: number, message: number, fromBrand: boolean, at: number): Json => {
  const body = sampleJson('x-aaa-direct_message_events.json');
  const dm = body.direct_message_events[0];
  const customer = `9${numericId(run, conversation, 0)}`;
  dm.id = numericId(run, conversation, message);
  dm.created_timestamp = String(at);
  dm.message_create.sender_id = fromBrand ? BRAND.xAaa : customer;
  dm.message_create.target.recipient_id = fromBrand ? customer : BRAND.xAaa;
  dm.message_create.message_data.text = fromBrand ? 'Sorry to hear that, we are on it.' : 'My bag never arrived.';
  body.users[customer] = { ...body.users['3001969357'], id: customer };
  return body;
};

const metaDm = (run: number, conversation: number, message: number, fromBrand: boolean, at: number): Json => {
  const psid = numericId(run, conversation, 0);
  const body = fromBrand ? messengerEcho(psid) : messengerMessage(psid);
  const item = body.entry[0].messaging[0];
  item.timestamp = at;
  body.entry[0].time = at;
  item.message.mid = `mid.${at}:${numericId(run, conversation, message)}`;
  return body;
};

const inboundDm = (run: number, conversation: number, message: number, fromBrand: boolean, at: number): Json =>
  inboundMessage({
    data: {
      conversationId: `bench-${run}-${conversation}`,
      messageId: `bench-${run}-${conversation}-${message}`,
      occurredAt: new Date(at).toISOString(),
      direction: fromBrand ? 'outbound' : 'inbound',
      text: fromBrand ? 'Sorry to hear that, we are on it.' : 'My bag never arrived.',
      customer: { email: `customer-${run}-${conversation}@example.com` },
      ...(fromBrand && { agent: { id: 'agent-1', name: 'Agent' } }),
    },
  });

const builders = { x: xDm, meta: metaDm, inbound: inboundDm } as const;

const sign = (platform: Platform, body: string, secrets: WebhookSecrets): Record<string, string> => {
  if (platform === 'x') return signX(body, secrets.X_CONSUMER_SECRET);
  if (platform === 'meta') return signMeta(body, secrets.META_APP_SECRET);
  return signInbound(body, secrets.INBOUND_WEBHOOK_SECRET, `msg_${randomUUID()}`, new Date());
};

const routes = {
  x: { routeKey: 'POST /webhooks/x', path: '/webhooks/x' },
  meta: { routeKey: 'POST /webhooks/meta', path: '/webhooks/meta' },
  inbound: { routeKey: 'POST /webhooks/inbound/{source}', path: '/webhooks/inbound/chat' },
} as const;

/**
 * The four deliveries of conversation `conversation`, platforms in turn. `run` keeps ids of
 * different runs (warm-up, measured) apart. Messages are dated a few seconds apart, just now.
 */
export const conversation = (run: number, index: number, secrets: WebhookSecrets): Delivery[] => {
  const platform = PLATFORMS[index % PLATFORMS.length] as Platform;
  const start = Date.now() - 10_000;
  const build = (message: number, fromBrand: boolean) =>
    JSON.stringify(builders[platform](run, index, message, fromBrand, start + message * 1000));
  const bodies: [DeliveryKind, string][] = [
    ['new case', build(1, false)],
    ['customer follow-up', build(2, false)],
    ['brand reply', build(3, true)],
  ];
  bodies.push(['duplicate delivery', bodies[0]?.[1] ?? '']);
  return bodies.map(([kind, body]) => ({
    platform,
    kind,
    ...routes[platform],
    body,
    headers: sign(platform, body, secrets),
  }));
};

/** The delivery as API Gateway's HTTP API (payload v2) passes it to the function; see local/http-server.ts. */
export const apiGatewayEvent = (delivery: Delivery): APIGatewayProxyEventV2 => {
  const now = new Date();
  const headers = { 'content-type': 'application/json', host: 'bench.local', ...delivery.headers };
  return {
    version: '2.0',
    routeKey: delivery.routeKey,
    rawPath: delivery.path,
    rawQueryString: '',
    headers,
    ...(delivery.platform === 'inbound' && { pathParameters: { source: 'chat' } }),
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method: 'POST', path: delivery.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey: delivery.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: Buffer.from(delivery.body).toString('base64'),
    isBase64Encoded: true,
  };
};
