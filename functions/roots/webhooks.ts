/**
 * The webhook receiver's composition root: only what verifying and queueing needs, so its bundle
 * carries no DynamoDB or EventBridge client. Its secret reader knows the platform secret names
 * of the config, so a refused value of any configured path is logged on the first read.
 */
import { SecretReader } from '../adapters/secrets.ts';
import { fetchSecret } from '../adapters/secrets-manager.ts';
import { sqs } from '../adapters/sqs/client.ts';
import { SqsIntakeQueue } from '../adapters/sqs/intake-queue.ts';
import { requireSetting } from '../config/settings.ts';
import { platformSecretNames } from '../platforms/derived.ts';
import type { IntakeQueue, Secrets } from '../ports.ts';
import { type Core, core, type Substitutes } from './core.ts';

export interface WebhooksRoot extends Core {
  readonly intakeQueue: IntakeQueue;
  readonly secrets: Secrets;
}

export const composeWebhooks = (substitutes: Substitutes = {}): WebhooksRoot => {
  const parts = core(substitutes);
  return {
    ...parts,
    intakeQueue:
      substitutes.intakeQueue ?? new SqsIntakeQueue({ client: sqs(), queueUrl: requireSetting('INTAKE_QUEUE_URL') }),
    secrets:
      substitutes.secrets ??
      new SecretReader({ platformSecrets: platformSecretNames(parts.config), fetch: fetchSecret }),
  };
};
