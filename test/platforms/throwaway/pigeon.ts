/**
 * A throwaway platform for tests only: "Pigeon" posts `{ account, thread, id, from, text, at }`
 * signed `x-pigeon-signature: <hex HMAC-SHA256(secret, body)>`, and answers a GET `?echo=` check.
 * Written as a new platform would be: one module object, added to the registry in the test.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { HttpError } from '../../../functions/commons/http.ts';
import { buildEvent, directionOf, isBrandAuthor } from '../../../functions/platforms/event.ts';
import { parseEnvelope } from '../../../functions/platforms/parse.ts';
import { asRecord, type PlatformModule } from '../../../functions/platforms/platform.ts';
import { headerValue, verifySha256Header } from '../../../functions/platforms/signature.ts';
import { fromIso } from '../../../functions/platforms/time.ts';

export const PIGEON_SECRET = 'PIGEON_SIGNING_SECRET';
export const PIGEON_HEADER = 'x-pigeon-signature';

const messageSchema = z.object({
  account: z.string().min(1),
  thread: z.string().min(1),
  id: z.string().min(1),
  from: z.object({ id: z.string().min(1), name: z.string().optional() }),
  text: z.string(),
  at: z.string(),
});

export type PigeonMessage = z.input<typeof messageSchema>;

const signature = (body: string, secret: string) => createHmac('sha256', secret).update(body, 'utf8').digest('hex');

/** Pigeon's subscription check: the loft answers `?echo=` with the echo's HMAC under its secret. */
export const pigeonEcho = (echo: string, secret: string): string => signature(echo, secret);
export const PIGEON_SETUP_TITLE = 'Pigeon: train a bird to the loft';

export const pigeonPlatform = {
  id: 'pigeon',
  routes: {
    handshake: {
      method: 'GET',
      path: '/webhooks/pigeon',
      check: 'Pigeon echo',
      secret: PIGEON_SECRET,
      answer: ({ query }, secret) => {
        if (!query.echo) throw new HttpError(400, 'missing_parameter', 'query parameter echo is required');
        return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: pigeonEcho(query.echo, secret) };
      },
      probe: (secret) => {
        const echo = `coo-${Date.now()}`;
        return { query: { echo }, answers: (body) => body === pigeonEcho(echo, secret) };
      },
    },
    events: { method: 'POST', path: '/webhooks/pigeon' },
  },
  secrets: [{ name: PIGEON_SECRET, development: 'local-pigeon-signing-secret' }],
  channels: ['chat'],
  signingSecrets: () => [PIGEON_SECRET],
  // The shared sha256=<digest> check expects the prefix; Pigeon sends the bare hex digest.
  verify: (secret, rawBody, headers) =>
    verifySha256Header({
      secret,
      rawBody,
      headers: {
        [PIGEON_HEADER]: headerValue(headers, PIGEON_HEADER) && `sha256=${headerValue(headers, PIGEON_HEADER)}`,
      },
      header: PIGEON_HEADER,
      encoding: 'hex',
    }),
  normalize: (payload, ctx) => {
    const message = parseEnvelope(messageSchema, payload);
    const fromBrand = isBrandAuthor('chat', message.from.id, message.account, ctx.accounts);
    const event = buildEvent(
      {
        platform: 'pigeon',
        channel: 'chat',
        action: 'message',
        brandAccount: message.account,
        threadKey: message.thread,
        platformMessageId: message.id,
        direction: directionOf(fromBrand),
        author: message.from,
        identities: [{ kind: 'external', value: `pigeon:${message.from.id}` }],
        text: message.text,
        occurredAt: fromIso(message.at, 'at'),
        raw: payload,
      },
      ctx,
    );
    return { events: [event], ignored: [] };
  },
  sign: (body, secret) => ({ [PIGEON_HEADER]: signature(body, secret) }),
  recognizes: (payload) => 'thread' in asRecord(payload) && 'from' in asRecord(payload),
  setup: (config, links) => {
    const url = links.urlOf('/webhooks/pigeon');
    if (!url || !config.accounts.some((account) => account.channel === 'chat')) return undefined;
    return { title: PIGEON_SETUP_TITLE, lines: [`Loft URL: ${url}`, links.storeSecret(PIGEON_SECRET)] };
  },
} as const satisfies PlatformModule;
