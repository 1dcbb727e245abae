/**
 * Webhook secrets. On AWS: one Secrets Manager secret (JSON with the keys below), fetched
 * once per cold start and cached by Powertools Parameters. Locally: the environment.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { settings } from '../config/settings.ts';

export const webhookSecretsSchema = z.looseObject({
  X_CONSUMER_SECRET: z.string().min(1).optional(),
  META_APP_SECRET: z.string().min(1).optional(),
  META_VERIFY_TOKEN: z.string().min(1).optional(),
  /** A Standard Webhooks `whsec_…` secret for /webhooks/inbound/{source}. */
  INBOUND_WEBHOOK_SECRET: z.string().min(1).optional(),
});

export type WebhookSecrets = z.infer<typeof webhookSecretsSchema>;
export type SecretName = keyof WebhookSecrets;

/** A source's own secret overrides the shared one: INBOUND_WEBHOOK_SECRET__<SOURCE>, upper-case, dashes as underscores. */
export const inboundSecretKey = (source: string): string =>
  `INBOUND_WEBHOOK_SECRET__${source.toUpperCase().replaceAll('-', '_')}`;

/** Secrets are fetched once per cold start; a deployment or a new cold start picks up rotation. */
const CACHE_SECONDS = 24 * 3600;

export const loadWebhookSecrets = async (): Promise<Readonly<Record<string, unknown>>> => {
  const { SECRETS_ARN, inboundSourceSecrets, ...env } = settings();
  if (SECRETS_ARN) {
    const value = await getSecret(SECRETS_ARN, { transform: 'json', maxAge: CACHE_SECONDS });
    return webhookSecretsSchema.parse(value ?? {});
  }
  return { ...env, ...inboundSourceSecrets };
};
