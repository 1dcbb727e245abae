/** A Standard Webhooks-signed POST to any URL; the `whsec_` signing secret is a secret. */
import * as z from 'zod/mini';
import { postJson } from '../../http.ts';
import { secretRef } from '../secret-ref.ts';
import { secretValue } from '../send.ts';
import { defineTarget, type SendContext } from '../target-module.ts';
import { type SignedRequest, signedNoticeRequest, signedWebhookRequest } from './format.ts';

export const webhookSchema = z.strictObject({ type: z.literal('webhook'), url: z.url(), secret: secretRef });
export type WebhookTarget = z.infer<typeof webhookSchema>;

const post = async (
  target: SendContext<WebhookTarget>,
  sign: (secret: string, attemptAt: Date) => SignedRequest,
): Promise<void> => {
  const secret = await secretValue('webhook', target.config.secret, target);
  const signed = sign(secret, target.deps.now?.() ?? new Date());
  await postJson('webhook', { url: target.config.url, ...signed }, target.deps);
};

export const webhook = defineTarget({
  type: 'webhook',
  schema: webhookSchema,
  capabilities: { pages: false, acknowledges: true, resolves: true, interactive: false },
  secretNames: (config) => [config.secret],
  sendAlert: (alert, target) => post(target, (secret, at) => signedWebhookRequest(alert, secret, at)),
  sendNotice: (notice, target) => post(target, (secret, at) => signedNoticeRequest(notice, secret, at)),
});
