/**
 * Issue 13, finding 9 (runtime): a secret value like " " or "a" is refused, naming the secret,
 * both when a function reads it and by `sundown config check`; on AWS a function reads only the
 * secrets of the purposes it was given (functions/config/secrets.ts) and caches them at most
 * 5 minutes, so a rotated secret stops verifying on warm functions within that. Who is granted
 * which secret is asserted on the templates in test/lib/service-grants.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CACHE_SECONDS, SecretReader } from '../../functions/adapters/secrets.ts';
import { callbackSecrets } from '../../functions/alerts/targets/registry.ts';
import { HttpError } from '../../functions/commons/http.ts';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import { MIN_SECRET_LENGTH, purposeOfSecret } from '../../functions/config/secrets.ts';
import { resetSettingsCache } from '../../functions/config/settings.ts';
import { requiredSecret } from '../../functions/handlers/required-secret.ts';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { createHandler } from '../../functions/handlers/webhooks.http.ts';
import { platformSecretNames } from '../../functions/platforms/derived.ts';
import { sundown } from '../cli/support.ts';
import { signX } from '../fixtures/build.ts';
import { minified } from '../fixtures/samples.ts';
import { call } from '../fuzz/support.ts';

const stored = vi.hoisted(() => ({ bundles: {} as Record<string, unknown>, calls: [] as [string, unknown][] }));
vi.mock('@aws-lambda-powertools/parameters/secrets', () => ({
  getSecret: async (arn: string, options: unknown) => {
    stored.calls.push([arn, options]);
    return stored.bundles[arn];
  },
}));

/** The environment a function starts in, and the secret reader its composition root builds then. */
const useEnvironment = (env: Record<string, string>, platformSecrets?: readonly string[]) => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  resetSettingsCache();
  return new SecretReader(platformSecrets ? { platformSecrets } : {});
};

describe('secret values', () => {
  beforeEach(() => {
    stored.calls.length = 0;
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    resetSettingsCache();
  });

  it.each([' ', 'a', '               '])('refuses %j for every secret, naming it', async (value) => {
    // Prepare
    const secrets = useEnvironment({
      X_CONSUMER_SECRET: value,
      LINK_SIGNING_SECRET: value,
      SLACK_SUPPORT_WEBHOOK_URL: value,
    });

    for (const name of ['X_CONSUMER_SECRET', 'LINK_SIGNING_SECRET', 'SLACK_SUPPORT_WEBHOOK_URL']) {
      // Act
      const refusal = await requiredSecret(secrets, name).catch((error: unknown) => error);

      // Assess
      expect(await secrets.get(name)).toBeUndefined();
      expect(refusal).toBeInstanceOf(HttpError);
      expect((refusal as HttpError).message).toBe(
        `secret ${name} is shorter than ${MIN_SECRET_LENGTH} characters (spaces not counted): refused`,
      );
    }
  });

  it('answers 503 naming the secret, never 200, to an X webhook signed with a one-letter consumer secret', async () => {
    // Prepare: what an attacker signs when the deployed secret is "a".
    useEnvironment({ X_CONSUMER_SECRET: 'a', SUNDOWN_CONFIG: 'sundown.config.json' });
    const body = minified('x-aaa-direct_message_events.json');
    const route = httpRoutes().find((r) => r.method === 'POST' && r.path === '/webhooks/x');
    if (!route) throw new Error('no POST /webhooks/x');
    const queued: unknown[] = [];
    const handler = createHandler({ intakeQueue: { send: async (events) => void queued.push(...events) } });

    // Act
    const answer = await call(handler, route, {
      pathParameters: {},
      query: {},
      headers: { 'content-type': 'application/json', ...signX(body, 'a') },
      body,
      base64: false,
    });

    // Assess
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(answer.body).error.message).toContain('secret X_CONSUMER_SECRET is shorter than');
    expect(queued).toEqual([]);
  });

  it('on AWS reads each secret from the secret of its purpose, caching it at most 5 minutes', async () => {
    // Prepare: a function given the platform and link secrets only.
    stored.bundles = {
      'arn:platform': { X_CONSUMER_SECRET: 'x-consumer-secret-of-length-32-ok' },
      'arn:links': { LINK_SIGNING_SECRET: 'link-signing-secret-of-40-characters-ok' },
      'arn:targets': { PAGERDUTY_ROUTING_KEY: 'routing-key-the-function-may-not-read' },
    };
    const env = { PLATFORM_SECRETS_ARN: 'arn:platform', LINK_SECRETS_ARN: 'arn:links' };
    const secrets = useEnvironment(env, platformSecretNames());

    // Act
    const consumer = await secrets.get('X_CONSUMER_SECRET');
    const link = await secrets.get('LINK_SIGNING_SECRET');
    const routingKey = await secrets.get('PAGERDUTY_ROUTING_KEY');

    // Assess
    expect([consumer, link, routingKey]).toEqual([
      'x-consumer-secret-of-length-32-ok',
      'link-signing-secret-of-40-characters-ok',
      undefined,
    ]);
    expect(new Set(stored.calls.map(([arn]) => arn))).toEqual(new Set(['arn:platform', 'arn:links']));
    expect(CACHE_SECONDS).toBeLessThanOrEqual(300);
    for (const [, options] of stored.calls) expect(options).toMatchObject({ maxAge: CACHE_SECONDS });
  });

  it('on AWS never falls back to environment variables for a purpose the function was not given', async () => {
    // Prepare
    stored.bundles = { 'arn:platform': {} };
    const secrets = useEnvironment({
      PLATFORM_SECRETS_ARN: 'arn:platform',
      LINK_SIGNING_SECRET: 'link-secret-in-the-environment',
    });

    // Act, Assess
    expect(await secrets.get('LINK_SIGNING_SECRET')).toBeUndefined();
  });

  it('files each name under its purpose, platform names (an inbound source own too) as the registry declares them', () => {
    // Prepare
    const platformNames = platformSecretNames({
      ...readSundownConfigFile('sundown.config.json'),
      inboundSources: { email: { channel: 'email' } },
    });
    const callbackSecretNames = callbackSecrets().map((secret) => secret.name);

    // Act
    const purposes = [
      'X_CONSUMER_SECRET',
      'INBOUND_WEBHOOK_SECRET__EMAIL',
      'SLACK_SIGNING_SECRET',
      'LINK_SIGNING_SECRET',
      'SLACK_WEBHOOK_SOCIAL',
    ].map((name) => purposeOfSecret(name, { platform: platformNames, integration: callbackSecretNames }));

    // Assess
    expect(purposes).toEqual(['platform', 'platform', 'integration', 'links', 'targets']);
  });
});

describe('sundown config check and secrets', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('refuses a secret set in the environment to " " or "a", naming it, with exit code 1', async () => {
    // Prepare
    vi.stubEnv('META_APP_SECRET', ' ');
    vi.stubEnv('INBOUND_WEBHOOK_SECRET__EMAIL', 'a');

    // Act
    const result = await sundown(['config', 'check', 'sundown.config.json']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('secrets.META_APP_SECRET: secret META_APP_SECRET is shorter than 16 characters');
    expect(result.stderr).toContain(
      'secrets.INBOUND_WEBHOOK_SECRET__EMAIL: secret INBOUND_WEBHOOK_SECRET__EMAIL is shorter',
    );
  });

  it('passes with the development secrets of the local stack', async () => {
    // Prepare
    const { developmentSecrets } = await import('../../local/development-secrets.ts');
    for (const [name, value] of Object.entries(developmentSecrets())) vi.stubEnv(name, value);

    // Act
    const result = await sundown(['config', 'check', 'sundown.config.json']);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
