/**
 * Microsoft Teams through a Teams workflow (Power Automate's "When a Teams webhook request is
 * received" trigger, posting the card to a channel). The workflow URL carries its own signature
 * (`sig=`), so it is a secret, like a Slack webhook URL.
 */
import * as z from 'zod/mini';
import { secretRef } from '../secret-ref.ts';
import { postToSecretUrl } from '../send.ts';
import { defineTarget } from '../target-module.ts';
import { teamsAlertMessage, teamsNoticeMessage } from './format.ts';

export const teamsSchema = z.strictObject({ type: z.literal('teams'), workflowUrlSecret: secretRef });
export type TeamsTarget = z.infer<typeof teamsSchema>;

export const teams = defineTarget({
  type: 'teams',
  schema: teamsSchema,
  capabilities: { pages: false, acknowledges: true, resolves: true, interactive: false },
  secretNames: (config) => [config.workflowUrlSecret],
  sendAlert: (alert, target) =>
    postToSecretUrl('teams', target.config.workflowUrlSecret, teamsAlertMessage(alert), target),
  sendNotice: (notice, target) =>
    postToSecretUrl('teams', target.config.workflowUrlSecret, teamsNoticeMessage(notice), target),
});
