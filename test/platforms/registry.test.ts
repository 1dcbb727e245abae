/**
 * Every platform module keeps the promises of its shape: `sundown replay` recognises its samples,
 * what it normalises carries its id and only the channels it declares, and a body it signed
 * verifies while a changed one is refused naming the header.
 */
import { describe, expect, it } from 'vitest';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import { PLATFORMS, pathParameters } from '../../functions/platforms/derived.ts';
import type { PlatformModule } from '../../functions/platforms/platform.ts';
import { inboundMessage } from '../fixtures/derived-samples.ts';
import { type Json, sampleJson } from '../fixtures/samples.ts';

const config = readSundownConfigFile('sundown.config.json');
const byId = (id: string): PlatformModule => PLATFORMS.find((platform) => platform.id === id) as PlatformModule;

const SAMPLES: readonly { readonly platform: string; readonly name: string; readonly payload: () => Json }[] = [
  {
    platform: 'x',
    name: 'x-aaa-tweet_create_events.composed.json',
    payload: () => sampleJson('x-aaa-tweet_create_events.composed.json'),
  },
  {
    platform: 'x',
    name: 'x-aaa-direct_message_events.json',
    payload: () => sampleJson('x-aaa-direct_message_events.json'),
  },
  {
    platform: 'x',
    name: 'x-xaa-post.mention.create.json',
    payload: () => sampleJson('x-xaa-post.mention.create.json'),
  },
  { platform: 'x', name: 'x-xaa-dm.received.json', payload: () => sampleJson('x-xaa-dm.received.json') },
  {
    platform: 'meta',
    name: 'meta-messenger-message.composed.json',
    payload: () => sampleJson('meta-messenger-message.composed.json'),
  },
  {
    platform: 'meta',
    name: 'meta-page-mention.dashboard-sample.json',
    payload: () => sampleJson('meta-page-mention.dashboard-sample.json'),
  },
  { platform: 'meta', name: 'whatsapp-message-text.json', payload: () => sampleJson('whatsapp-message-text.json') },
  { platform: 'inbound', name: 'inboundMessage()', payload: () => inboundMessage() },
];

const requestFor = (platform: PlatformModule) => ({
  query: {},
  params: Object.fromEntries(pathParameters(platform.routes.events.path).map((name) => [name, 'email'])),
  config,
});

describe('the platform registry', () => {
  it('names each platform, route and secret once', () => {
    const ids = PLATFORMS.map((platform) => platform.id);
    const routes = PLATFORMS.flatMap(({ routes }) =>
      [routes.handshake, routes.events].flatMap((route) => (route ? [`${route.method} ${route.path}`] : [])),
    );
    const secrets = PLATFORMS.flatMap((platform) => platform.secrets.map((secret) => secret.name));

    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(routes).size).toBe(routes.length);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it.each(SAMPLES)('recognises $name as $platform and no other platform', ({ platform, payload }) => {
    const recognising = PLATFORMS.filter((candidate) => candidate.recognizes(payload())).map((p) => p.id);

    expect(recognising).toEqual([platform]);
  });

  it.each(SAMPLES)('normalises $name into events of $platform on its declared channels', ({ platform, payload }) => {
    // Prepare
    const module = byId(platform);
    const ctx = { receivedAt: '2026-01-01T00:00:00.000Z', accounts: config.accounts };

    // Act
    const { events } = module.normalize(payload(), ctx, requestFor(module));

    // Assess
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.platform).toBe(module.id);
      expect(module.channels).toContain(event.channel);
    }
  });

  it.each(PLATFORMS.map((platform) => ({ id: platform.id, platform })))(
    '$id verifies a body it signed and refuses the same signature on a changed body, naming the header',
    ({ platform }) => {
      // Prepare
      const secret = platform.secrets[0]?.development ?? '';
      const body = JSON.stringify({ signed: 'as the platform sends it' });
      const headers = platform.sign(body, secret);

      // Act
      const genuine = platform.verify(secret, body, headers);
      const changed = platform.verify(secret, `${body} `, headers);

      // Assess
      expect(genuine).toEqual({ ok: true });
      expect(changed.ok).toBe(false);
      const named = Object.keys(headers).some((header) => !changed.ok && changed.reason.startsWith(`${header}:`));
      expect(named, JSON.stringify(changed)).toBe(true);
    },
  );
});
