/**
 * Issue 16 for the admin's side: a throwaway platform (added to the platform registry line) and a
 * throwaway target with a callback (registered) appear in `sundown setup`'s steps, in doctor's
 * route checks against a real HTTP server running the receiver and the actions function, and in
 * the secret names (development values, purposes, `secrets set`), with no shared file naming them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { declaredSecretNames, secretNamesOf } from '../../cli/config-check.ts';
import { urlsFromBase } from '../../cli/deployment.ts';
import { checkRoutes } from '../../cli/doctor-routes.ts';
import { localSecretStore, type SecretStore } from '../../cli/secret-stores.ts';
import { secretsSet } from '../../cli/secrets.ts';
import { setupSteps } from '../../cli/setup-steps.ts';
import { discardMetrics } from '../../functions/adapters/metrics/memory.ts';
import { registerTarget } from '../../functions/alerts/targets/registry.ts';
import { httpErrors } from '../../functions/commons/http.ts';
import { purposeOfSecret } from '../../functions/config/secrets.ts';
import { actionsRoutes } from '../../functions/handlers/actions.http.ts';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import * as webhooks from '../../functions/handlers/webhooks.http.ts';
import { developmentSecrets } from '../../local/development-secrets.ts';
import { startHttpServer } from '../../local/http-server.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { PIGEON_SECRET, PIGEON_SETUP_TITLE } from '../platforms/throwaway/pigeon.ts';
import { MemorySecrets } from '../support/fakes/memory-secrets.ts';
import { RecordingIntakeQueue } from '../support/fakes/recorders.ts';
import { BEACON_PATH, BEACON_SECRET, BEACON_SETUP_TITLE, beacon } from './throwaway-beacon.ts';
import { triageHarness } from './triage-support.ts';

vi.mock('../../functions/platforms/registry.ts', async (importOriginal) => {
  const registry = await importOriginal<typeof import('../../functions/platforms/registry.ts')>();
  const { pigeonPlatform } = await import('../platforms/throwaway/pigeon.ts');
  return { PLATFORMS: [...registry.PLATFORMS, pigeonPlatform] };
});

const PIGEON_VALUE = 'pigeon-signing-secret-of-the-stack';
const BEACON_VALUE = 'beacon-signing-secret-of-the-stack';
const STACK = '--stack prod';

beforeAll(() => registerTarget(beacon));

const config = () =>
  triageConfig({
    accounts: [
      { channel: 'x', id: '1001', handle: 'Acme' },
      { channel: 'chat', id: 'pigeon-brand' },
    ],
    escalationChains: { social: { levels: [{ notify: ['hill'] }] } },
    targets: {
      hill: { type: 'beacon', hill: 'Amon Din', keySecret: 'BEACON_KEY_AMON_DIN' },
      comms: { type: 'console' },
      'baggage-desk': { type: 'console' },
    },
  });

/** A .env holding the values the admin stored. */
const storeWith = (values: Readonly<Record<string, string>>): SecretStore => {
  const path = join(mkdtempSync(join(tmpdir(), 'sundown-throwaway-')), '.env');
  writeFileSync(
    path,
    Object.entries(values)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  return localSecretStore(path);
};

describe('sundown setup with a throwaway platform and target', () => {
  it("lists each one's step with the stack's URLs, after the built-in ones of its kind and before the checks", () => {
    // Act
    const steps = setupSteps(config(), urlsFromBase('https://support.example.com/', config()), STACK);
    // Assess
    const titles = steps.map((step) => step.title);
    const pigeon = steps.find((step) => step.title === PIGEON_SETUP_TITLE);
    const lit = steps.find((step) => step.title === BEACON_SETUP_TITLE);
    expect(pigeon?.lines).toEqual([
      'Loft URL: https://support.example.com/webhooks/pigeon',
      `npx sundown secrets set ${PIGEON_SECRET} ${STACK}`,
    ]);
    expect(lit?.lines).toEqual([
      `Callback URL: https://support.example.com${BEACON_PATH}`,
      `npx sundown secrets set ${BEACON_SECRET} ${STACK}`,
      `hill: npx sundown secrets set BEACON_KEY_AMON_DIN ${STACK}`,
    ]);
    expect(titles.indexOf(PIGEON_SETUP_TITLE)).toBeGreaterThan(titles.findIndex((t) => t.startsWith('X:')));
    expect(titles.indexOf(BEACON_SETUP_TITLE)).toBeGreaterThan(titles.indexOf(PIGEON_SETUP_TITLE));
    expect(titles.at(-1)).toBe('Check everything');
  });
});

describe('sundown doctor with a throwaway platform and target', () => {
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  beforeAll(async () => {
    const harness = await triageHarness(config(), '2026-03-02T10:00:00.000Z');
    const receiver = webhooks.createHandler({
      config: config(),
      metrics: discardMetrics,
      intakeQueue: new RecordingIntakeQueue(),
      secrets: new MemorySecrets({ ...developmentSecrets(), [PIGEON_SECRET]: PIGEON_VALUE }),
    });
    const root = {
      followUps: { ...harness.deps, baseUrl: 'http://127.0.0.1', linkSecret: async () => BEACON_VALUE },
      linkLedger: harness.memory.linkLedger,
      metrics: discardMetrics,
      secrets: new MemorySecrets({ [BEACON_SECRET]: BEACON_VALUE }),
      callbackEndpoints: {},
    };
    const notServed = async () => ({ statusCode: 404, body: '{}' });
    server = await startHttpServer({
      port: 0,
      routes: httpRoutes(),
      handlers: {
        webhooks: receiver,
        actions: middy()
          .use(httpErrors())
          .handler(actionsRoutes(() => root)),
        cases: notServed,
        console: notServed,
      },
    });
  });
  afterAll(async () => server?.stop());

  const checksWith = async (stored: Readonly<Record<string, string>>) =>
    Object.fromEntries(
      (
        await checkRoutes({
          config: config(),
          urls: urlsFromBase(`${server.url}/`, config()),
          secrets: storeWith(stored),
        })
      ).map((result) => [result.check, result]),
    );

  it("passes the platform's handshake probe and the target's callback when the stack holds the stored secrets", async () => {
    // Act
    const checks = await checksWith({ [PIGEON_SECRET]: PIGEON_VALUE });
    // Assess
    expect(checks['Pigeon echo']).toMatchObject({
      status: 'ok',
      detail: `${server.url}/webhooks/pigeon answered correctly`,
    });
    expect(checks['beacon callback']).toMatchObject({
      status: 'ok',
      detail: `${server.url}${BEACON_PATH} refuses an unsigned request`,
    });
    expect(checks['X CRC']).toMatchObject({ status: 'ok' });
    expect(checks['slack callback']).toMatchObject({ status: 'skipped' });
  });

  it('fails the handshake with a fix naming the secret when the stored one is not what the stack answers with', async () => {
    // Act
    const checks = await checksWith({ [PIGEON_SECRET]: 'another-pigeon-secret-0123456789' });
    // Assess
    expect(checks['Pigeon echo']).toMatchObject({ status: 'fail', fix: expect.stringContaining(PIGEON_SECRET) });
  });
});

describe('the secrets of a throwaway platform and target', () => {
  it('have development values, and file the callback secret under integration and the target key under targets', async () => {
    // Prepare
    const written: string[] = [];
    const store: SecretStore = {
      kind: 'aws',
      where: (purpose) => `arn:${purpose}`,
      read: async () => ({}),
      write: async (purpose, name) => void written.push(`${purpose} ${name}`),
    };
    const io = { out: () => undefined, err: () => undefined, readSecret: async () => BEACON_VALUE };
    // Act
    await secretsSet(io, store, { config: config(), name: BEACON_SECRET, label: 'Sundown-prod' });
    await secretsSet(io, store, { config: config(), name: PIGEON_SECRET, label: 'Sundown-prod' });
    // Assess
    expect(written).toEqual([`integration ${BEACON_SECRET}`, `platform ${PIGEON_SECRET}`]);
    expect(developmentSecrets()).toMatchObject({
      [PIGEON_SECRET]: 'local-pigeon-signing-secret',
      [BEACON_SECRET]: 'local-beacon-signing-secret',
    });
    expect(secretNamesOf(config())).toEqual(
      expect.arrayContaining([PIGEON_SECRET, BEACON_SECRET, 'BEACON_KEY_AMON_DIN']),
    );
    expect(purposeOfSecret('BEACON_KEY_AMON_DIN', declaredSecretNames(config()))).toBe('targets');
  });
});
