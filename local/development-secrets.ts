/**
 * Development-only secrets so a fresh clone works at once; never used on AWS. The local stack
 * falls back to them, and `npx sundown replay` signs with them, when the environment names none.
 * Each platform module declares its own (functions/platforms/registry.ts).
 */
import { platformDevelopmentSecrets } from '../functions/platforms/derived.ts';

export const DEVELOPMENT_SECRETS: Readonly<Record<string, string>> = {
  ...platformDevelopmentSecrets(),
  SLACK_SIGNING_SECRET: 'local-slack-signing-secret',
  PAGERDUTY_WEBHOOK_SECRET: 'local-pagerduty-webhook-secret',
  LINK_SIGNING_SECRET: 'local-link-signing-secret',
};
