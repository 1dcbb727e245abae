/**
 * Development-only secrets so a fresh clone works at once; never used on AWS. The local stack
 * falls back to them, and `npx sundown replay` signs with them, when the environment names none.
 */
export const DEVELOPMENT_SECRETS: Readonly<Record<string, string>> = {
  X_CONSUMER_SECRET: 'local-x-consumer-secret',
  META_APP_SECRET: 'local-meta-app-secret',
  META_VERIFY_TOKEN: 'local-meta-verify-token',
  INBOUND_WEBHOOK_SECRET: 'whsec_bG9jYWwtaW5ib3VuZC13ZWJob29rLXNlY3JldA==',
  SLACK_SIGNING_SECRET: 'local-slack-signing-secret',
  PAGERDUTY_WEBHOOK_SECRET: 'local-pagerduty-webhook-secret',
  LINK_SIGNING_SECRET: 'local-link-signing-secret',
};
