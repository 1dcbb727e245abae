/**
 * Sundown's secrets by purpose. On AWS each purpose is one Secrets Manager secret (a JSON object of
 * NAME: value) and a function is granted only the purposes it uses: the webhook receiver cannot
 * read a PagerDuty routing key, the public case-actions function cannot read the X or Meta secrets.
 * The CDK stacks, the secrets adapter and `sundown config check` all read this table and the platform registry's names.
 */

export const SECRET_PURPOSES = ['platform', 'integration', 'links', 'targets'] as const;
export type SecretPurpose = (typeof SECRET_PURPOSES)[number];

/** The variable that tells a function where the secret of a purpose lives (its ARN). */
export const SECRET_ARN_VARIABLES = {
  platform: 'PLATFORM_SECRETS_ARN',
  integration: 'INTEGRATION_SECRETS_ARN',
  links: 'LINK_SECRETS_ARN',
  targets: 'TARGET_SECRETS_ARN',
} as const satisfies Record<SecretPurpose, string>;

/**
 * The names the integration and link purposes hold. Platform secrets are declared by the platform
 * modules (functions/platforms/registry.ts, `platformSecretNames`); every other name is a target secret.
 */
export const SECRET_NAMES = {
  /** Verifying integration callbacks: Slack buttons, PagerDuty webhooks. */
  integration: ['SLACK_SIGNING_SECRET', 'PAGERDUTY_WEBHOOK_SECRET'],
  /** Signing and checking the links in alerts and the markers in PagerDuty titles. */
  links: ['LINK_SIGNING_SECRET'],
} as const;

/** `platformSecrets`: the platform names in play (the registry's); a function that reads none passes none. */
export const purposeOfSecret = (name: string, platformSecrets: readonly string[] = []): SecretPurpose => {
  if (platformSecrets.includes(name)) return 'platform';
  for (const purpose of ['integration', 'links'] as const) {
    if ((SECRET_NAMES[purpose] as readonly string[]).includes(name)) return purpose;
  }
  return 'targets';
};

/**
 * Shortest value accepted. Every secret here is an HMAC key, a token compared with what a caller
 * sends, or a credential of an alert target (PagerDuty routing keys are 32 characters, Slack
 * webhook URLs longer): a value like " " or "a" is a mistake, and as an HMAC key it is a forgery.
 */
export const MIN_SECRET_LENGTH = 16;

/** What is wrong with a value set for `name`, or undefined when it is usable. */
export const secretValueProblem = (name: string, value: string): string | undefined =>
  value.trim().length < MIN_SECRET_LENGTH
    ? `secret ${name} is shorter than ${MIN_SECRET_LENGTH} characters (spaces not counted): refused`
    : undefined;
