/**
 * Issue 16: a platform is one module object and one registry line. A throwaway platform, added to
 * the registry here and nowhere else, gets its routes, is verified, normalised and stored through
 * the real receiver, intake queue and DynamoDB Local, and `sundown replay` can sign for it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { platformDevelopmentSecrets, platformSecretNames } from '../../functions/platforms/derived.ts';
import { developmentSecrets } from '../../local/development-secrets.ts';
import {
  PIGEON_HEADER,
  PIGEON_SECRET,
  type PigeonMessage,
  pigeonEcho,
  pigeonPlatform,
} from '../platforms/throwaway/pigeon.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { allCases, viewOf } from './intake-platforms.support.ts';

vi.mock('../../functions/platforms/registry.ts', async (importOriginal) => {
  const registry = await importOriginal<typeof import('../../functions/platforms/registry.ts')>();
  const { pigeonPlatform: throwaway } = await import('../platforms/throwaway/pigeon.ts');
  return { PLATFORMS: [...registry.PLATFORMS, throwaway] };
});

const SECRET = 'pigeon-signing-secret-for-the-e2e-test';

const message = (overrides: Partial<PigeonMessage> = {}): PigeonMessage => ({
  account: 'pigeon-brand',
  thread: 'loft-7',
  id: 'coo-1',
  from: { id: 'customer-42', name: 'Ada' },
  text: 'My order never arrived',
  at: new Date().toISOString(),
  ...overrides,
});

describe('a platform added through the registry alone', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { [PIGEON_SECRET]: SECRET } });
  });
  afterAll(async () => stack?.stop());

  it('gets its handshake and events routes on the webhook receiver, and its secret in every derived list', () => {
    const routes = httpRoutes().filter((route) => route.path === '/webhooks/pigeon');

    expect(routes).toEqual([
      { method: 'GET', path: '/webhooks/pigeon', function: 'webhooks', auth: 'none', traffic: 'handshake' },
      { method: 'POST', path: '/webhooks/pigeon', function: 'webhooks', auth: 'none', traffic: 'platform' },
    ]);
    expect(platformSecretNames()).toContain(PIGEON_SECRET);
    expect(platformDevelopmentSecrets()[PIGEON_SECRET]).toBe('local-pigeon-signing-secret');
    expect(developmentSecrets()[PIGEON_SECRET]).toBe('local-pigeon-signing-secret');
  });

  it('answers its handshake through the receiver', async () => {
    const answer = await stack.get('/webhooks/pigeon?echo=coo-coo');

    expect(answer.text).toBe(pigeonEcho('coo-coo', SECRET));
  });

  it('refuses a delivery signed with another secret with a 401 naming its header, and stores nothing', async () => {
    // Prepare
    const body = JSON.stringify(message({ id: 'forged-1' }));

    // Act
    const answer = await stack.post('/webhooks/pigeon', body, pigeonPlatform.sign(body, 'not-the-pigeon-secret'));

    // Assess
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(JSON.stringify(answer.json)).toContain(`${PIGEON_HEADER}: signature mismatch`);
    await stack.drained();
    expect((await allCases(stack)).some((c) => c.brandAccount === 'pigeon-brand')).toBe(false);
  });

  it('answers 400 naming the field for a signed body of the wrong shape', async () => {
    const body = JSON.stringify({ ...message(), thread: '' });

    const answer = await stack.post('/webhooks/pigeon', body, pigeonPlatform.sign(body, SECRET));

    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json)).toContain('thread');
  });

  it('normalises a signed delivery and stores it as a case on its channel, tagged with the platform', async () => {
    // Prepare
    const body = JSON.stringify(message());

    // Act
    const answer = await stack.post('/webhooks/pigeon', body, pigeonPlatform.sign(body, SECRET));
    await stack.drained();

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ received: true, queued: 1, eventIds: ['chat:message:coo-1'] });
    const stored = (await allCases(stack)).filter((c) => c.brandAccount === 'pigeon-brand');
    expect(stored).toHaveLength(1);
    const view = await viewOf(stack, stored[0]?.id ?? '');
    expect(view.case.channels).toEqual(['chat']);
    expect(view.messages).toEqual([
      expect.objectContaining({ channel: 'chat', platformMessageId: 'coo-1', text: 'My order never arrived' }),
    ]);
  });
});
