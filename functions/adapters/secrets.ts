/**
 * Secrets: webhook signing secrets, alert target URLs and keys, the link-signing key. On AWS: one
 * Secrets Manager secret per purpose (functions/config/secrets.ts), each a JSON object of
 * NAME: value, fetched through Powertools Parameters and cached at most 5 minutes. Locally:
 * environment variables of the same names. A value too short to be a real secret is refused
 * (logged as an error naming it) and reads as not set.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import { logger } from '../commons/logger.ts';
import {
  purposeOfSecret,
  SECRET_ARN_VARIABLES,
  SECRET_NAMES,
  type SecretPurpose,
  secretValueProblem,
} from '../config/secrets.ts';
import { environmentSecret, settings } from '../config/settings.ts';

/** A rotated (or revoked, leaked) secret stops working on warm functions within this. */
export const CACHE_SECONDS = 300;

const secretBundleSchema = z.record(z.string(), z.unknown());

/** Only JSON objects hold secrets; a secret still at its generated placeholder holds none. */
const bundleOf = (value: unknown): Record<string, unknown> => {
  const parsed = secretBundleSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
};

const reported = new Set<string>();

/** True on AWS: the function was told where at least one of its secrets lives. */
export const secretsOnAws = (): boolean =>
  Object.values(SECRET_ARN_VARIABLES).some((variable) => settings()[variable] !== undefined);

export type SecretRead = { readonly value: string } | { readonly problem: string } | undefined;

const checkedPurposes = new Set<SecretPurpose>();

/**
 * The named secret, why its value is refused, or undefined when it is not set (empty counts as not set).
 * `platformSecrets`: the platform names (the registry's), passed by the one function that reads them.
 */
export const readSecret = async (name: string, platformSecrets: readonly string[] = []): Promise<SecretRead> => {
  const purpose = purposeOfSecret(name, platformSecrets);
  if (purpose !== 'targets' && !checkedPurposes.has(purpose)) {
    // The first read of a purpose after a cold start checks all its names, so a refused value is
    // logged, naming it, before a request needs it.
    checkedPurposes.add(purpose);
    const siblings = purpose === 'platform' ? platformSecrets : SECRET_NAMES[purpose];
    await Promise.all(siblings.map((other) => readSecret(other, platformSecrets).catch(() => undefined)));
  }
  const arn = settings()[SECRET_ARN_VARIABLES[purpose]];
  let value: unknown;
  if (arn) {
    const bundle = await getSecret(arn, { transform: 'json', maxAge: CACHE_SECONDS }).catch((error: unknown) => {
      // A secret still at its generated placeholder is not JSON: nothing configured yet.
      if ((error as Error).name === 'TransformParameterError') return {};
      throw error;
    });
    value = bundleOf(bundle)[name];
  } else if (!secretsOnAws()) {
    value = environmentSecret(name);
  }
  if (typeof value !== 'string' || value === '') return undefined;
  const problem = secretValueProblem(name, value);
  if (!problem) return { value };
  if (!reported.has(name)) logger.error('secret refused', { secret: name, reason: problem });
  reported.add(name);
  return { problem };
};

/** The named secret, or undefined when it is not set or its value is refused. */
export const secret = async (name: string, platformSecrets: readonly string[] = []): Promise<string | undefined> => {
  const read = await readSecret(name, platformSecrets);
  return read && 'value' in read ? read.value : undefined;
};
