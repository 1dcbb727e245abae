/**
 * `sundown replay <file> [--platform <id>] [--source name]`: posts a JSON payload (e.g. one of
 * test/fixtures/platform-samples) to its platform's events route, signed as the platform would sign
 * it, with the secret from the environment or, locally, the development one. The platforms are the
 * registry's (functions/platforms/registry.ts).
 */

import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { environmentSecret } from '../functions/config/settings.ts';
import { fillPath, PLATFORMS, pathParameters, platformById } from '../functions/platforms/derived.ts';
import type { PlatformModule } from '../functions/platforms/platform.ts';
import { developmentSecrets } from '../local/development-secrets.ts';
import { CliError, type Io, json } from './output.ts';
import type { Target } from './target.ts';

const PLATFORM_IDS = PLATFORMS.map((platform) => platform.id).join(', ');

/** The platform named by --platform, else the first whose payload shape this is. */
export const platformOf = (payload: unknown, id?: string): PlatformModule => {
  if (id) {
    const named = platformById(id);
    if (!named) throw new CliError(`--platform must be one of ${PLATFORM_IDS}, got "${id}"`);
    return named;
  }
  const recognised = PLATFORMS.find((platform) => platform.recognizes(payload));
  if (!recognised) throw new CliError(`cannot tell the platform from the payload: pass --platform (${PLATFORM_IDS})`);
  return recognised;
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
  const stackSecrets = target.kind === 'local' ? developmentSecrets() : await deployedSecrets(target);
  for (const name of names) {
    const value = stackSecrets[name];
    if (typeof value === 'string' && value) return value;
  }
  throw new CliError(`${names.at(-1)} is not set: export it to sign webhooks for the ${target.label}`);
};

const signed = async (target: Target, platform: PlatformModule, body: string, source: string | undefined) => {
  const { method, path } = platform.routes.events;
  // The CLI's one path option, --source, fills the route's parameter (inbound's {source}).
  const params = Object.fromEntries(pathParameters(path).map((name) => [name, source ?? '']));
  const missing = Object.entries(params).find(([, value]) => !value);
  if (missing) throw new CliError(`--source is required for ${platform.id} webhooks: ${method} ${path}`);
  const secret = await secretFor(target, platform.signingSecrets(params));
  return { path: fillPath(path, params), headers: platform.sign(body, secret) };
};

export const replay = async (
  io: Io,
  target: Target,
  options: { file: string; platform?: string; source?: string; json?: boolean },
): Promise<number> => {
  if (!target.apiUrl) throw new CliError(`the ${target.label} has no API URL to send webhooks to`);
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(options.file, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read a JSON payload from ${options.file}: ${(error as Error).message}`);
  }
  const platform = platformOf(payload, options.platform);
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
  if (options.json) io.out(json({ platform: platform.id, path, status: response.status, response: answer }));
  else
    io.out(
      `POST ${path} (${platform.id}) -> ${response.status}\n${typeof answer === 'string' ? answer : json(answer)}`,
    );
  return response.ok ? 0 : 1;
};
