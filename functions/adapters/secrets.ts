/**
 * Secrets: webhook signing secrets, alert target URLs and keys, the link-signing key. On AWS:
 * one Secrets Manager secret (a JSON object of NAME: value), fetched once per cold start and
 * cached by Powertools Parameters. Locally: environment variables of the same names.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { environmentSecret, settings } from '../config/settings.ts';

const secretBundleSchema = z.record(z.string(), z.unknown());

/** A source's own secret overrides the shared one: INBOUND_WEBHOOK_SECRET__<SOURCE>, upper-case, dashes as underscores. */
export const inboundSecretKey = (source: string): string =>
  `INBOUND_WEBHOOK_SECRET__${source.toUpperCase().replaceAll('-', '_')}`;

/** Secrets are fetched once per cold start; a deployment or a new cold start picks up rotation. */
const CACHE_SECONDS = 24 * 3600;

/** The named secret, or undefined when it is not set (an empty value counts as not set). */
export const secret = async (name: string): Promise<string | undefined> => {
  const { SECRETS_ARN } = settings();
  const value = SECRETS_ARN
    ? secretBundleSchema.parse((await getSecret(SECRETS_ARN, { transform: 'json', maxAge: CACHE_SECONDS })) ?? {})[name]
    : environmentSecret(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
