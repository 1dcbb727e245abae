/**
 * Standard Webhooks-signed messages from any other channel (mail relay, call centre, chat widget),
 * one configured source per path: the module object; its parts are exported for tests.
 */
import { randomUUID } from 'node:crypto';
import { CHANNELS } from '../../domain/case.ts';
import { asRecord, type PlatformModule, type PlatformRequest } from '../platform.ts';
import { normalizeInbound } from './normalize.ts';
import { signInbound } from './sign.ts';
import { verifyInbound } from './verify.ts';

const SHARED_SECRET = 'INBOUND_WEBHOOK_SECRET';
const PATH = '/webhooks/inbound/{source}';

/** A source's own secret overrides the shared one: INBOUND_WEBHOOK_SECRET__<SOURCE>, upper-case, dashes as underscores. */
export const inboundSecretKey = (source: string): string =>
  `${SHARED_SECRET}__${source.toUpperCase().replaceAll('-', '_')}`;

/** The configured source a path names; own keys only, so `constructor` or `__proto__` is no source. */
const sourceOf = ({ params, config }: PlatformRequest) => {
  const source = params.source ?? '';
  const sources = config.inboundSources;
  return { source, sourceConfig: Object.hasOwn(sources, source) ? sources[source] : undefined };
};

export const inboundPlatform = {
  id: 'inbound',
  routes: {
    events: {
      method: 'POST',
      path: PATH,
      configured: (config) => Object.keys(config.inboundSources).map((source) => ({ source })),
    },
  },
  secrets: [{ name: SHARED_SECRET, development: 'whsec_bG9jYWwtaW5ib3VuZC13ZWJob29rLXNlY3JldA==' }],
  // Each source names its channel in the config.
  channels: CHANNELS,
  signingSecrets: ({ source }) => (source ? [inboundSecretKey(source), SHARED_SECRET] : [SHARED_SECRET]),
  verify: verifyInbound,
  normalize: (payload, ctx, request) => {
    const { source, sourceConfig } = sourceOf(request);
    if (!sourceConfig) throw new Error(`inbound source "${source}" is not configured`);
    return normalizeInbound(source, sourceConfig, payload, ctx);
  },
  sign: (body, secret, delivery = {}) =>
    signInbound(body, secret, delivery.id ?? `msg_${randomUUID()}`, delivery.at ?? new Date()),
  // The Standard Webhooks event shape: `{ type, timestamp, data }`.
  recognizes: (payload) => {
    const record = asRecord(payload);
    return typeof record.type === 'string' && 'data' in record && 'timestamp' in record;
  },
  setup: (config, links) => {
    const served = Object.keys(config.inboundSources).flatMap((source) => {
      const url = links.urlOf(PATH.replace('{source}', source));
      return url ? [`${url}   secret: ${links.storeSecret(inboundSecretKey(source))}`] : [];
    });
    if (served.length === 0) return undefined;
    return {
      title: 'Inbound sources (Standard Webhooks): give each sender its URL and a whsec_ secret',
      lines: served,
    };
  },
} as const satisfies PlatformModule;

export { normalizeInbound } from './normalize.ts';
export {
  INBOUND_MESSAGE_TYPES,
  type InboundMessage,
  type InboundMessageInput,
  inboundMessageSchema,
} from './schema.ts';
export { signInbound } from './sign.ts';
export { INBOUND_HEADERS, verifyInbound } from './verify.ts';
