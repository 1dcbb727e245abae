/** Prints the alert: the local stack's default sink. */
import * as z from 'zod/mini';
import { defineTarget } from '../target-module.ts';
import { consoleNoticeText, consoleText } from './format.ts';

export const consoleSchema = z.strictObject({ type: z.literal('console') });
export type ConsoleTarget = z.infer<typeof consoleSchema>;

export const consoleTarget = defineTarget({
  type: 'console',
  schema: consoleSchema,
  capabilities: { pages: false, acknowledges: true, resolves: true, interactive: false },
  secretNames: () => [],
  sendAlert: async (alert, target) => (target.deps.log ?? console.log)(consoleText(alert)),
  sendNotice: async (notice, target) => (target.deps.log ?? console.log)(consoleNoticeText(notice)),
});
