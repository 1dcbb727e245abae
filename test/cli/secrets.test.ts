import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../cli/output.ts';
import { awsSecretStore, type SecretsManagerPort } from '../../cli/secret-stores.ts';
import { type SecretReport, secretsCheck, secretsSet } from '../../cli/secrets.ts';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import { sundown } from './support.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(REPO, 'sundown.config.json');
const config = readSundownConfigFile(CONFIG);

/** Every name the repository config makes Sundown read, each with a usable value. */
const USABLE: Record<string, string> = {
  X_CONSUMER_SECRET: 'x-consumer-secret-0123456789',
  META_APP_SECRET: 'meta-app-secret-0123456789',
  META_VERIFY_TOKEN: 'meta-verify-token-0123456789',
  INBOUND_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
  SLACK_SIGNING_SECRET: 'slack-signing-secret-0123456789',
  PAGERDUTY_WEBHOOK_SECRET: 'pagerduty-webhook-secret-0123',
  LINK_SIGNING_SECRET: 'generated40charactersgenerated40characte',
  SLACK_WEBHOOK_SOCIAL: 'https://hooks.slack.com/services/T0/B0/social',
  SLACK_WEBHOOK_COMMS: 'https://hooks.slack.com/services/T0/B0/comms',
  PAGERDUTY_ROUTING_KEY: 'R0123456789ABCDEF0123456789ABCDE',
  BILLING_WEBHOOK_SECRET: 'whsec_YmlsbGluZy1iaWxsaW5nLWJpbGxpbmc=',
  INBOUND_WEBHOOK_SECRET__EMAIL: 'whsec_ZW1haWwtZW1haWwtZW1haWwtZW1haWw=',
  INBOUND_WEBHOOK_SECRET__PHONE: 'whsec_cGhvbmUtcGhvbmUtcGhvbmUtcGhvbmU=',
  INBOUND_WEBHOOK_SECRET__CHAT: 'whsec_Y2hhdC1jaGF0LWNoYXQtY2hhdC1jaGF0',
};

let dir: string;
let envFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sundown-secrets-'));
  envFile = join(dir, '.env');
});

const typed = (value: string): Partial<Io> => ({ readSecret: async () => value });
const local = (...argv: string[]) => ['secrets', ...argv, '--config', CONFIG, '--dotenv', envFile];

describe('sundown secrets set, on the local stack', () => {
  it('adds the value to .env, keeping every other line, and never prints it', async () => {
    // Prepare
    writeFileSync(envFile, '# mine\nMETA_APP_SECRET=meta-app-secret-0123456789\nPORT=3001\n');

    // Act
    const result = await sundown(local('set', 'X_CONSUMER_SECRET'), typed('x-consumer-secret-0123456789\n'));

    // Assess
    expect(result.code).toBe(0);
    expect(readFileSync(envFile, 'utf8')).toBe(
      '# mine\nMETA_APP_SECRET=meta-app-secret-0123456789\nPORT=3001\nX_CONSUMER_SECRET=x-consumer-secret-0123456789\n',
    );
    expect(result.stdout).toContain('X_CONSUMER_SECRET set in the platform secret of the local stack');
    expect(`${result.stdout}${result.stderr}`).not.toContain('x-consumer-secret-0123456789');
  });

  it('replaces the line of a name already set, and quotes a value with spaces so .env reads it back', async () => {
    writeFileSync(envFile, 'X_CONSUMER_SECRET=old-old-old-old-old-old\nMETA_APP_SECRET=keep-me-keep-me-keep-me\n');

    const result = await sundown(local('set', 'X_CONSUMER_SECRET'), typed('a value with spaces # and hash'));

    expect(result.code).toBe(0);
    expect(readFileSync(envFile, 'utf8')).toBe(
      "X_CONSUMER_SECRET='a value with spaces # and hash'\nMETA_APP_SECRET=keep-me-keep-me-keep-me\n",
    );
    const parsed = await import('node:util').then((util) => util.parseEnv(readFileSync(envFile, 'utf8')));
    expect(parsed.X_CONSUMER_SECRET).toBe('a value with spaces # and hash');
  });

  it('refuses a name this config does not read, naming the ones it does, and changes nothing', async () => {
    const result = await sundown(local('set', 'SLACK_WEBHOOK_TYPO'), typed('https://hooks.slack.com/services/T/B/x'));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SLACK_WEBHOOK_TYPO is not a secret Sundown reads with this config');
    expect(result.stderr).toContain('SLACK_WEBHOOK_SOCIAL');
    expect(result.stderr).toContain('INBOUND_WEBHOOK_SECRET__EMAIL');
    expect(() => readFileSync(envFile)).toThrow();
  });

  it.each([
    ['a', 'shorter than 16 characters'],
    ['whsec_...............', 'looks like an example'],
    ['<your slack signing secret>', 'looks like an example'],
    ['', 'no value given'],
  ])('refuses the value %j (%s) and changes nothing', async (value, reason) => {
    writeFileSync(envFile, 'SLACK_SIGNING_SECRET=slack-signing-secret-0123456789\n');

    const result = await sundown(local('set', 'SLACK_SIGNING_SECRET'), typed(value));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(reason);
    expect(readFileSync(envFile, 'utf8')).toBe('SLACK_SIGNING_SECRET=slack-signing-secret-0123456789\n');
  });

  it('reads the value from standard input through the sundown binary', async () => {
    // Act
    const child = spawn(process.execPath, [join(REPO, 'bin/sundown.mjs'), ...local('set', 'SLACK_WEBHOOK_SOCIAL')], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.stdin.end('https://hooks.slack.com/services/T0/B0/piped\n');
    const code = await new Promise((resolve) => child.on('close', resolve));

    // Assess
    expect(code, output).toBe(0);
    expect(readFileSync(envFile, 'utf8')).toBe('SLACK_WEBHOOK_SOCIAL=https://hooks.slack.com/services/T0/B0/piped\n');
    expect(output).not.toContain('piped');
  }, 30_000);
});

describe('sundown secrets check, on the local stack', () => {
  it('passes when every secret is set and usable', async () => {
    writeFileSync(
      envFile,
      Object.entries(USABLE)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );

    const result = await sundown(local('check'));

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('All 14 secrets of the local stack are usable.');
  });

  it('names each missing, short and example value, and exits 1; unset platform secrets use the development values', async () => {
    // Prepare
    const {
      SLACK_WEBHOOK_SOCIAL: _missing,
      X_CONSUMER_SECRET: _development,
      INBOUND_WEBHOOK_SECRET__EMAIL: _email,
      ...rest
    } = USABLE;
    writeFileSync(
      envFile,
      Object.entries({ ...rest, PAGERDUTY_ROUTING_KEY: 'short', SLACK_WEBHOOK_COMMS: 'https://hooks.slack.com/…' })
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );

    // Act
    const result = await sundown([...local('check'), '--json']);

    // Assess
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; secrets: SecretReport[] };
    expect(report.ok).toBe(false);
    const status = Object.fromEntries(report.secrets.map((entry) => [entry.name, entry.status]));
    expect(status).toMatchObject({
      X_CONSUMER_SECRET: 'development value',
      SLACK_WEBHOOK_SOCIAL: 'missing',
      PAGERDUTY_ROUTING_KEY: 'too short',
      SLACK_WEBHOOK_COMMS: 'placeholder',
      META_APP_SECRET: 'ok',
      INBOUND_WEBHOOK_SECRET__EMAIL: 'missing',
    });
    expect(report.secrets.find((entry) => entry.name === 'SLACK_WEBHOOK_SOCIAL')?.purpose).toBe('targets');
  });
});

/** Secrets Manager at the SDK boundary: the commands the CLI sends, and the secrets they change. */
const fakeSecretsManager = (secrets: Record<string, string>) => {
  const sent: (GetSecretValueCommand | PutSecretValueCommand)[] = [];
  const client = {
    send: async (command: GetSecretValueCommand | PutSecretValueCommand) => {
      sent.push(command);
      const id = command.input.SecretId ?? '';
      if (!(id in secrets))
        throw Object.assign(new Error(`Secrets Manager can't find ${id}`), { name: 'ResourceNotFoundException' });
      if (command instanceof PutSecretValueCommand) {
        secrets[id] = command.input.SecretString ?? '';
        return {};
      }
      return { SecretString: secrets[id] } satisfies Pick<GetSecretValueCommandOutput, 'SecretString'>;
    },
  } as SecretsManagerPort;
  return { client, sent, secrets };
};

const ARNS = {
  platform: 'arn:aws:secretsmanager:eu-west-1:1:secret:Platform',
  integration: 'arn:aws:secretsmanager:eu-west-1:1:secret:Integration',
  links: 'arn:aws:secretsmanager:eu-west-1:1:secret:LinkSigning',
  targets: 'arn:aws:secretsmanager:eu-west-1:1:secret:AlertTargets',
};

const capture = (value?: string) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    ...(value !== undefined && { readSecret: async () => value }),
  };
  return { io, out, err };
};

describe('sundown secrets on a deployed stack', () => {
  it('merges a link key into the links secret, keeping the generated value of every other name', async () => {
    // Prepare
    const aws = fakeSecretsManager({
      [ARNS.links]: JSON.stringify({ LINK_SIGNING_SECRET: USABLE.LINK_SIGNING_SECRET, OTHER: 'kept-kept-kept-kept' }),
    });
    const { io } = capture('rotated-rotated-rotated-rotated-rotated');

    // Act
    const code = await secretsSet(io, awsSecretStore(aws.client, ARNS), {
      config,
      name: 'LINK_SIGNING_SECRET',
      label: 'Sundown-prod',
    });

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(aws.secrets[ARNS.links] ?? '')).toEqual({
      LINK_SIGNING_SECRET: 'rotated-rotated-rotated-rotated-rotated',
      OTHER: 'kept-kept-kept-kept',
    });
  });

  it('writes a target secret into the alert-target secret only, keeping the names already there', async () => {
    const aws = fakeSecretsManager({
      [ARNS.platform]: JSON.stringify({ X_CONSUMER_SECRET: USABLE.X_CONSUMER_SECRET }),
      [ARNS.links]: JSON.stringify({ LINK_SIGNING_SECRET: USABLE.LINK_SIGNING_SECRET }),
      [ARNS.targets]: JSON.stringify({ SLACK_WEBHOOK_COMMS: USABLE.SLACK_WEBHOOK_COMMS }),
    });
    const before = { ...aws.secrets };

    const code = await secretsSet(capture(USABLE.SLACK_WEBHOOK_SOCIAL).io, awsSecretStore(aws.client, ARNS), {
      config,
      name: 'SLACK_WEBHOOK_SOCIAL',
      label: 'Sundown-prod',
    });

    expect(code).toBe(0);
    expect(aws.sent.map((command) => [command.constructor.name, command.input.SecretId])).toEqual([
      ['GetSecretValueCommand', ARNS.targets],
      ['PutSecretValueCommand', ARNS.targets],
    ]);
    expect(JSON.parse(aws.secrets[ARNS.targets] ?? '')).toEqual({
      SLACK_WEBHOOK_COMMS: USABLE.SLACK_WEBHOOK_COMMS,
      SLACK_WEBHOOK_SOCIAL: USABLE.SLACK_WEBHOOK_SOCIAL,
    });
    expect(aws.secrets[ARNS.platform]).toBe(before[ARNS.platform]);
    expect(aws.secrets[ARNS.links]).toBe(before[ARNS.links]);
  });

  it('turns a secret still at its generated placeholder into a JSON object of the one name', async () => {
    const aws = fakeSecretsManager({ [ARNS.integration]: 'Xy7#generated-by-cloudformation-not-json' });

    await secretsSet(capture(USABLE.SLACK_SIGNING_SECRET).io, awsSecretStore(aws.client, ARNS), {
      config,
      name: 'SLACK_SIGNING_SECRET',
      label: 'Sundown-prod',
    });

    expect(JSON.parse(aws.secrets[ARNS.integration] ?? '')).toEqual({
      SLACK_SIGNING_SECRET: USABLE.SLACK_SIGNING_SECRET,
    });
  });

  it('names the secret it cannot read, and writes nothing', async () => {
    const aws = fakeSecretsManager({});

    const result = secretsSet(capture(USABLE.META_APP_SECRET).io, awsSecretStore(aws.client, ARNS), {
      config,
      name: 'META_APP_SECRET',
      label: 'Sundown-prod',
    });

    await expect(result).rejects.toThrow(`cannot read the platform secret ${ARNS.platform}`);
    expect(aws.sent.every((command) => command instanceof GetSecretValueCommand)).toBe(true);
  });

  it('checks every secret: placeholders, the public development values and missing names fail', async () => {
    // Prepare
    const { X_CONSUMER_SECRET: _x, SLACK_WEBHOOK_SOCIAL: _s, LINK_SIGNING_SECRET, ...rest } = USABLE;
    const aws = fakeSecretsManager({
      [ARNS.platform]: JSON.stringify({ ...rest, META_APP_SECRET: 'local-meta-app-secret' }),
      [ARNS.integration]: JSON.stringify(rest),
      [ARNS.links]: JSON.stringify({ LINK_SIGNING_SECRET }),
      [ARNS.targets]: 'still-the-generated-placeholder',
    });
    const { io, out } = capture();

    // Act
    const code = await secretsCheck(io, awsSecretStore(aws.client, ARNS), {
      config,
      label: 'Sundown-prod',
      json: true,
    });

    // Assess
    expect(code).toBe(1);
    const status = Object.fromEntries(
      (JSON.parse(out.join('\n')) as { secrets: SecretReport[] }).secrets.map((entry) => [entry.name, entry.status]),
    );
    expect(status).toMatchObject({
      X_CONSUMER_SECRET: 'missing',
      META_APP_SECRET: 'placeholder',
      META_VERIFY_TOKEN: 'ok',
      SLACK_SIGNING_SECRET: 'ok',
      LINK_SIGNING_SECRET: 'ok',
      SLACK_WEBHOOK_SOCIAL: 'missing',
      PAGERDUTY_ROUTING_KEY: 'missing',
    });
    expect(aws.sent.every((command) => command instanceof GetSecretValueCommand)).toBe(true);
  });
});
