/**
 * `sundown doctor` against the real local stack: the X CRC and Meta handshake over HTTP, and a
 * test notice through the alert queue and worker to each target, one of them unreachable.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretNamesOf } from '../../cli/config-check.ts';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import { writeLocalState } from '../../local/state-file.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';
import { sundown } from './support.ts';

let receiver: AlertReceiver;
let stack: TestStack;
let configPath: string;
let dir: string;
let stateFile: string;

/** A .env holding a usable value for every secret the config names, with the stack's own values where it has them. */
const writeDotenv = (overrides: Record<string, string> = {}): string => {
  const names = secretNamesOf(readSundownConfigFile(configPath));
  const values: Record<string, string> = {
    ...Object.fromEntries(names.map((name) => [name, `usable-${name.toLowerCase()}-0123456789`])),
    ...TEST_SECRETS,
    TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET,
    ...overrides,
  };
  const path = join(dir, `env-${Object.keys(overrides).join('-') || 'good'}`);
  writeFileSync(
    path,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  return path;
};

const doctor = (dotenv: string, wait = 20) =>
  sundown([
    'doctor',
    '--state',
    stateFile,
    '--config',
    configPath,
    '--dotenv',
    dotenv,
    '--wait',
    String(wait),
    '--json',
  ]);

type Check = { check: string; status: string; detail: string; fix?: string };
const checksOf = (stdout: string): Record<string, Check> =>
  Object.fromEntries((JSON.parse(stdout).checks as Check[]).map((c) => [c.check, c]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sundown-doctor-'));
  receiver = await startAlertReceiver();
  const path = writeEscalationConfig(receiver.url, { firstResponse: 'PT30M' }, [{ notify: ['pager'] }]);
  const config = JSON.parse(readFileSync(path, 'utf8'));
  // Nothing listens on port 9 of loopback: this target's notice can never be delivered.
  config.targets.unreachable = {
    type: 'webhook',
    url: 'http://127.0.0.1:9/alerts',
    secret: 'TEST_ALERT_WEBHOOK_SECRET',
  };
  configPath = join(dir, 'sundown.config.json');
  writeFileSync(configPath, JSON.stringify(config));
  stack = await startTestStack({ configPath, env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET } });
  stateFile = join(dir, 'local.json');
  const { url, tableName, dynamoEndpoint, sqsEndpoint, queues } = stack;
  writeLocalState(stateFile, {
    ...{ url, tableName, dynamoEndpoint, sqsEndpoint, queues },
    startedAt: new Date().toISOString(),
    pid: process.pid,
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  receiver?.server.close();
});

describe('sundown doctor on the local stack', () => {
  it('passes the handshakes and delivered notices, fails the unreachable target with a fix, and exits 1', async () => {
    // Act
    const result = await doctor(writeDotenv(), 8);

    // Assess
    expect(result.code).toBe(1);
    const checks = checksOf(result.stdout);
    expect(checks['X CRC']).toMatchObject({ status: 'ok' });
    expect(checks['Meta handshake']).toMatchObject({ status: 'ok' });
    expect(checks.secrets).toMatchObject({ status: 'ok' });
    expect(checks['notice to pager']).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^delivered /) });
    expect(checks['notice to manager']).toMatchObject({ status: 'ok' });
    expect(checks['notice to unreachable']).toMatchObject({
      status: 'fail',
      detail: 'not delivered within 8 s',
      fix: expect.stringContaining('secrets check'),
    });
    expect(checks['intake dead-letter queue']).toMatchObject({ status: 'ok' });
    expect(JSON.parse(result.stdout).ok).toBe(false);
    // The notices reached the receiver signed, through the stack's own alert worker.
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/alerts', '/alerts/manager']);
    expect(receiver.rejected).toEqual([]);
  }, 60_000);

  it('fails the Meta handshake when the stored verify token is not the one the stack answers with', async () => {
    // Prepare
    const dotenv = writeDotenv({ META_VERIFY_TOKEN: 'another-verify-token-0123456789' });

    // Act
    const result = await doctor(dotenv, 1);

    // Assess
    const checks = checksOf(result.stdout);
    expect(result.code).toBe(1);
    expect(checks['Meta handshake']).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/answered 403/),
      fix: expect.stringContaining('META_VERIFY_TOKEN'),
    });
    expect(checks['X CRC']).toMatchObject({ status: 'ok' });
  }, 60_000);

  it('prints a table and the fixes for people', async () => {
    const result = await sundown([
      'doctor',
      '--state',
      stateFile,
      '--config',
      configPath,
      '--dotenv',
      writeDotenv({ X_CONSUMER_SECRET: 'not-the-stacks-consumer-secret' }),
      '--wait',
      '1',
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/X CRC\s+fail/);
    expect(result.stdout).toContain('To fix:');
    expect(result.stdout).toMatch(/check\(s\) failed on local stack at .*: .*X CRC/);
  }, 60_000);
});
