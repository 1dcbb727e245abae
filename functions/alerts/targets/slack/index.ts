/**
 * Slack: Block Kit messages to an incoming webhook whose URL is a secret. Its buttons call back
 * on the Slack app's Interactivity Request URL (callback.ts).
 */
import * as z from 'zod/mini';
import { secretRef } from '../secret-ref.ts';
import { postToSecretUrl } from '../send.ts';
import { defineTarget } from '../target-module.ts';
import { slackCallback } from './callback.ts';
import { slackMessage, slackNoticeMessage } from './format.ts';
import { slackSetup } from './setup.ts';

export const slackSchema = z.strictObject({ type: z.literal('slack'), webhookUrlSecret: secretRef });
export type SlackTarget = z.infer<typeof slackSchema>;

export const slack = defineTarget({
  type: 'slack',
  schema: slackSchema,
  capabilities: { pages: false, acknowledges: true, resolves: true, interactive: true },
  secretNames: (config) => [config.webhookUrlSecret],
  sendAlert: (alert, target) => postToSecretUrl('slack', target.config.webhookUrlSecret, slackMessage(alert), target),
  sendNotice: (notice, target) =>
    postToSecretUrl('slack', target.config.webhookUrlSecret, slackNoticeMessage(notice), target),
  callback: slackCallback,
  setup: slackSetup(slackCallback),
});
