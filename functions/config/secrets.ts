/**
 * Sundown's secrets by purpose. On AWS each purpose is one Secrets Manager secret (a JSON object of
 * NAME: value) and a function is granted only the purposes it uses: the webhook receiver cannot
 * read a PagerDuty routing key, the public case-actions function cannot read the X or Meta secrets.
 * The CDK stacks, the secrets adapter and `sundown config check` read this table; the names of the
 * platform and integration purposes are declared by the platform modules and the alert targets'
 * callbacks, and passed in by whoever knows the registries.
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

/** Signing and checking the links in alerts and the markers paging tools carry back: the links purpose. */
export const LINK_SECRET_NAMES = ['LINK_SIGNING_SECRET'] as const;

/**
 * The names of the declared purposes in play: `platform` from the platform registry
 * (`platformSecretNames`), `integration` from the target registry (`callbackSecrets`). A function
 * that reads none of a purpose passes none.
 */
export interface DeclaredSecretNames {
  readonly platform?: readonly string[];
  readonly integration?: readonly string[];
}

/** Every name not declared by a platform, a callback or the links is a target secret. */
export const purposeOfSecret = (name: string, declared: DeclaredSecretNames = {}): SecretPurpose => {
  if (declared.platform?.includes(name)) return 'platform';
  if (declared.integration?.includes(name)) return 'integration';
  return (LINK_SECRET_NAMES as readonly string[]).includes(name) ? 'links' : 'targets';
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
