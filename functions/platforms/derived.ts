/** What the receiver, the route table, the CLI and the CDK read off the platform registry. */
import type { SundownConfig } from '../config/schema.ts';
import type { PlatformModule } from './platform.ts';
import { PLATFORMS } from './registry.ts';

export { PLATFORMS };

export const platformById = (id: string): PlatformModule | undefined =>
  PLATFORMS.find((platform) => platform.id === id);

/** The `{name}` parameters of a route path, in order. */
export const pathParameters = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');

/** The path with its parameters filled in, each URL-encoded. */
export const fillPath = (path: string, params: Readonly<Record<string, string>>): string =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));

/**
 * Every platform secret name: the fixed ones, then those a path parameter picks: shown as
 * `<SOURCE>` without a config, or, given one, those of each path it serves (each inbound source).
 */
export const platformSecretNames = (config?: SundownConfig): string[] => {
  const names = PLATFORMS.flatMap((platform) => {
    const fixed = platform.secrets.map((secret) => secret.name);
    const { path, configured } = platform.routes.events;
    const parameters = pathParameters(path);
    if (parameters.length === 0) return fixed;
    const served = config
      ? (configured?.(config) ?? [])
      : [Object.fromEntries(parameters.map((name) => [name, `<${name.toUpperCase()}>`]))];
    return [...fixed, ...served.flatMap((params) => platform.signingSecrets(params))];
  });
  return [...new Set(names)];
};

/** Name to value of every platform's development secret, for the local stack and `sundown replay`. */
export const platformDevelopmentSecrets = (): Record<string, string> =>
  Object.fromEntries(PLATFORMS.flatMap((platform) => platform.secrets.map((s) => [s.name, s.development])));
