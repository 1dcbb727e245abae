/**
 * Issue 13, finding 11: a signed event dated 2099 would open a case that never escalates, one
 * dated 1970 would breach at once. The receiver dates an event more than `intake.eventTimes.maxAhead`
 * (PT5M) after its receipt, or older than `maxAge` (P7D, Meta's retry horizon), at its receipt,
 * and records the original time and the reason on the event (`clampedOccurredAt`) for the audit.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetSettingsCache } from '../../functions/config/settings.ts';
import type { InboundEvent } from '../../functions/domain/inbound-event.ts';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { createHandler } from '../../functions/handlers/webhooks.http.ts';
import { whatsappDelivery } from '../fixtures/big-deliveries.ts';
import { signInbound, signMeta } from '../fixtures/build.ts';
import { inboundMessage } from '../fixtures/derived-samples.ts';
import { call } from '../fuzz/support.ts';
import { TEST_SECRETS } from '../support/local-stack.ts';

const route = (path: string) => {
  const found = httpRoutes().find((candidate) => candidate.method === 'POST' && candidate.path === path);
  if (!found) throw new Error(`no POST ${path}`);
  return found;
};

const MINUTE = 60_000;

describe('event times outside the bounds', () => {
  const queued: InboundEvent[] = [];

  beforeAll(() => {
    for (const [name, value] of Object.entries(TEST_SECRETS)) vi.stubEnv(name, value);
    vi.stubEnv('SUNDOWN_CONFIG', 'sundown.config.json');
    resetSettingsCache();
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    resetSettingsCache();
  });
  afterEach(() => {
    queued.length = 0;
  });

  const receive = async (path: string, body: string, headers: Record<string, string>, source?: string) => {
    const handler = createHandler({ intakeQueue: { send: async (events) => void queued.push(...events) } });
    const answer = await call(handler, route(path), {
      pathParameters: source ? { source } : {},
      query: {},
      headers: { 'content-type': 'application/json', ...headers },
      body,
      base64: false,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(queued).toHaveLength(1);
    return queued[0] as InboundEvent;
  };

  const inboundAt = (occurredAt: string, id: string) => {
    const body = JSON.stringify(
      inboundMessage({ data: { conversationId: `times-${id}`, messageId: `times-${id}`, occurredAt } }),
    );
    return receive(
      '/webhooks/inbound/{source}',
      body,
      signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_times_${id}`, new Date()),
      'chat',
    );
  };

  it('dates an inbound message of 2099 at its receipt, keeping the original and the reason', async () => {
    // Act
    const event = await inboundAt('2099-01-01T00:00:00.000Z', 'future');

    // Assess
    expect(event.occurredAt).toBe(event.receivedAt);
    expect(event.clampedOccurredAt).toEqual({
      original: '2099-01-01T00:00:00.000Z',
      reason: 'more than 300 s after it was received',
    });
  });

  it('dates an inbound message of 1970 at its receipt, keeping the original and the reason', async () => {
    // Act
    const event = await inboundAt('1970-01-01T00:00:00.000Z', 'past');

    // Assess
    expect(event.occurredAt).toBe(event.receivedAt);
    expect(event.clampedOccurredAt).toEqual({
      original: '1970-01-01T00:00:00.000Z',
      reason: 'more than 604800 s before it was received',
    });
  });

  it('keeps a time a few minutes off, either way, as the platform gave it', async () => {
    // Act
    const slightlyAhead = new Date(Date.now() + 4 * MINUTE).toISOString();
    const sixDaysOld = new Date(Date.now() - 6 * 24 * 60 * MINUTE).toISOString();
    const ahead = await inboundAt(slightlyAhead, 'ahead');
    queued.length = 0;
    const old = await inboundAt(sixDaysOld, 'old');

    // Assess
    expect([ahead.occurredAt, ahead.clampedOccurredAt]).toEqual([slightlyAhead, undefined]);
    expect([old.occurredAt, old.clampedOccurredAt]).toEqual([sixDaysOld, undefined]);
  });

  it('dates a WhatsApp message of 2099 at its receipt, with the same eventId on every retry', async () => {
    // Prepare: the platform's time, in its own format (epoch seconds), then a retry a moment later.
    const body = JSON.stringify(whatsappDelivery(1, { at: new Date('2099-06-01T00:00:00Z') }));
    const headers = signMeta(body, TEST_SECRETS.META_APP_SECRET);

    // Act
    const first = await receive('/webhooks/meta', body, headers);
    queued.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const retry = await receive('/webhooks/meta', body, headers);

    // Assess
    expect(first.occurredAt).toBe(first.receivedAt);
    expect(first.clampedOccurredAt?.original).toBe('2099-06-01T00:00:00.000Z');
    expect(retry.eventId).toBe(first.eventId);
  });
});
