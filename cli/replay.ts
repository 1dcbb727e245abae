/**
 * `sundown replay <file> [--platform x|meta|inbound] [--source name]`: posts a JSON payload
 * (e.g. one of test/fixtures/platform-samples) to the right webhook route, signed as the
 * platform would sign it, with the secret from the environment or, locally, the development one.
 */

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { inboundSecretKey } from '../functions/adapters/secrets.ts';
import { environmentSecret } from '../functions/config/settings.ts';
import { signInbound, signMeta, signX } from '../functions/platforms/sign.ts';
import { DEVELOPMENT_SECRETS } from '../local/development-secrets.ts';
import { CliError, type Io, json } from './output.ts';
import type { Target } from './target.ts';

export const PLATFORMS = ['x', 'meta', 'inbound'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Meta wraps everything in `{object, entry}`; Standard Webhooks events are `{type, timestamp, data}`. */
export const guessPlatform = (payload: unknown): Platform => {
  const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  if ('object' in record && Array.isArray(record.entry)) return 'meta';
  if (typeof record.type === 'string' && 'data' in record && 'timestamp' in record) return 'inbound';
  return 'x';
};

/** The deployed stack's webhook secrets (the bundle the functions read), when the environment has none. */
const deployedSecrets = async (target: Target): Promise<Record<string, unknown>> => {
  if (target.kind !== 'aws' || !target.secretArn) return {};
  const client = new SecretsManagerClient(target.region ? { region: target.region } : {});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: target.secretArn }));
    return JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`cannot read the webhook secrets from ${target.secretArn}: ${(error as Error).message}`);
  } finally {
    client.destroy();
  }
};

/** The first of `names` set in the environment, else in the stack's own secrets (local: development ones). */
const secretFor = async (target: Target, names: readonly string[]): Promise<string> => {
  for (const name of names) {
    const value = environmentSecret(name);
    if (value) return value;
  }
  const stackSecrets = target.kind === 'local' ? DEVELOPMENT_SECRETS : await deployedSecrets(target);
  for (const name of names) {
    const value = stackSecrets[name];
    if (typeof value === 'string' && value) return value;
  }
  throw new CliError(`${names.at(-1)} is not set: export it to sign webhooks for the ${target.label}`);
};

const signed = async (target: Target, platform: Platform, body: string, source: string | undefined) => {
  switch (platform) {
    case 'x':
      return { path: '/webhooks/x', headers: signX(body, await secretFor(target, ['X_CONSUMER_SECRET'])) };
    case 'meta':
      return { path: '/webhooks/meta', headers: signMeta(body, await secretFor(target, ['META_APP_SECRET'])) };
    case 'inbound': {
      if (!source) throw new CliError('--source is required for inbound webhooks, e.g. --source email');
      const secret = await secretFor(target, [inboundSecretKey(source), 'INBOUND_WEBHOOK_SECRET']);
      return {
        path: `/webhooks/inbound/${encodeURIComponent(source)}`,
        headers: signInbound(body, secret, `msg_replay_${randomUUID()}`, new Date()),
      };
    }
  }
};

export const replay = async (
  io: Io,
  target: Target,
  options: { file: string; platform?: string; source?: string; json?: boolean },
): Promise<number> => {
  if (!target.apiUrl) throw new CliError(`the ${target.label} has no API URL to send webhooks to`);
  if (options.platform && !PLATFORMS.includes(options.platform as Platform)) {
    throw new CliError(`--platform must be one of ${PLATFORMS.join(', ')}, got "${options.platform}"`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(options.file, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read a JSON payload from ${options.file}: ${(error as Error).message}`);
  }
  const platform = (options.platform as Platform | undefined) ?? guessPlatform(payload);
  // Platforms send minified JSON; the signature covers exactly these bytes.
  const body = JSON.stringify(payload);
  const { path, headers } = await signed(target, platform, body, options.source);
  const response = await fetch(new URL(path, target.apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {
    // Not JSON: show the text as it came.
  }
  if (options.json) io.out(json({ platform, path, status: response.status, response: answer }));
  else
    io.out(`POST ${path} (${platform}) -> ${response.status}\n${typeof answer === 'string' ? answer : json(answer)}`);
  return response.ok ? 0 : 1;
};
