/**
 * `sundown doctor`'s checks of the stack's public routes, one per registered module: each
 * platform's subscription check sent as the platform sends it (its module's probe), and each
 * target callback's route asked to refuse an unsigned request, which proves it is deployed and
 * can read its signing secret.
 */
import { callbackSecrets, type RegisteredCallback, targetCallbacks } from '../functions/alerts/targets/registry.ts';
import type { SundownConfig } from '../functions/config/schema.ts';
import { purposeOfSecret } from '../functions/config/secrets.ts';
import { PLATFORMS, platformSecretNames } from '../functions/platforms/derived.ts';
import type { HandshakeRoute, PlatformModule } from '../functions/platforms/platform.ts';
import { developmentSecrets } from '../local/development-secrets.ts';
import { type StackUrls, urlOfPath } from './deployment.ts';
import type { CheckResult } from './doctor-checks.ts';
import type { SecretStore } from './secret-stores.ts';

export interface RouteCheckDeps {
  readonly config: SundownConfig;
  readonly urls: StackUrls;
  readonly secrets: SecretStore;
}

/** A secret as the stack uses it, from the secret of its purpose: the local stack falls back to its development values. */
const secretValue = async ({ secrets, config }: RouteCheckDeps, name: string): Promise<string | undefined> => {
  const purpose = purposeOfSecret(name, {
    platform: platformSecretNames(config),
    integration: callbackSecrets().map((secret) => secret.name),
  });
  const value = (await secrets.read(purpose))[name];
  if (value) return value;
  return secrets.kind === 'local' ? developmentSecrets()[name] : undefined;
};

const excerpt = (text: string): string => JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);

const call = async (
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; text: string } | { error: string }> => {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000), redirect: 'manual' });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const unreachable = (check: string, url: string, error: string): CheckResult => ({
  check,
  status: 'fail',
  detail: `${url} failed: ${error}`,
  fix: 'check the URL resolves (DNS of a custom domain) and the stacks are deployed',
});

const THIS_MACHINE = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** Why a secret must not go to this URL: it does not parse (fetch's error would print it), or it is plain http off this machine. */
const unsafeForSecret = (url: string): string | undefined => {
  if (!URL.canParse(url)) return 'is not a valid URL';
  const { protocol, hostname } = new URL(url);
  if (protocol === 'https:' || (protocol === 'http:' && THIS_MACHINE.has(hostname))) return undefined;
  return 'is not https: the probe would send the secret in clear text';
};

const cannotRead = (secretName: string) =>
  `the function cannot read ${secretName}: npx sundown secrets set ${secretName}`;

/** One platform's subscription check, sent to the stack's URL as the platform sends it when a webhook is registered. */
const checkHandshake = async (
  platform: PlatformModule,
  handshake: HandshakeRoute,
  deps: RouteCheckDeps,
): Promise<CheckResult> => {
  const { check, secret: secretName } = handshake;
  const url = urlOfPath(deps.urls, handshake.path);
  const channels: readonly string[] = platform.channels;
  if (!url || !deps.config.accounts.some((a) => channels.includes(a.channel))) {
    return { check, status: 'skipped', detail: 'no account of this platform in the config' };
  }
  const unsafe = unsafeForSecret(url);
  if (unsafe) {
    return { check, status: 'fail', detail: `the stack's URL ${unsafe}`, fix: 'deploy again, or fix the URL' };
  }
  const secret = await secretValue(deps, secretName);
  if (!secret) {
    return { check, status: 'fail', detail: `${secretName} is not set`, fix: `npx sundown secrets set ${secretName}` };
  }
  const probe = handshake.probe(secret);
  const answer = await call(`${url}?${new URLSearchParams(probe.query)}`);
  if ('error' in answer) return unreachable(check, `GET ${url}`, answer.error);
  if (answer.status === 200 && probe.answers(answer.text))
    return { check, status: 'ok', detail: `${url} answered correctly` };
  return {
    check,
    status: 'fail',
    detail: `${url} answered ${answer.status} ${excerpt(answer.text)}`,
    fix:
      answer.status === 503
        ? cannotRead(secretName)
        : `the stack answers with another ${secretName} than the one stored, or an older deployment: redeploy, then run doctor again`,
  };
};

/** One target callback's route, sent an unsigned body: a 401 means deployed, and holding its secret. */
const checkCallback = async ({ type, callback }: RegisteredCallback, deps: RouteCheckDeps): Promise<CheckResult> => {
  const check = `${type} callback`;
  const url = urlOfPath(deps.urls, callback.path);
  const targets = Object.values(deps.config.targets as Readonly<Record<string, { readonly type: string }>>);
  if (!url || !targets.some((target) => target.type === type)) {
    return { check, status: 'skipped', detail: 'no target of this kind in the config' };
  }
  const answer = await call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if ('error' in answer) return unreachable(check, `POST ${url}`, answer.error);
  if (answer.status === 401) return { check, status: 'ok', detail: `${url} refuses an unsigned request` };
  return {
    check,
    status: 'fail',
    detail: `${url} answered ${answer.status} ${excerpt(answer.text)} to an unsigned request`,
    fix: answer.status === 503 ? cannotRead(callback.secret.name) : 'redeploy with this config, then run doctor again',
  };
};

/** Every registered platform's handshake (those that check subscriptions), then every target callback, in registry order. */
export const checkRoutes = async (deps: RouteCheckDeps): Promise<CheckResult[]> => [
  ...(await Promise.all(
    PLATFORMS.flatMap((platform) =>
      platform.routes.handshake ? [checkHandshake(platform, platform.routes.handshake, deps)] : [],
    ),
  )),
  ...(await Promise.all(targetCallbacks().map((registered) => checkCallback(registered, deps)))),
];
