import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret, type SecretStringGenerator } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { callbackSecrets } from '../../functions/alerts/targets/registry.ts';
import type { SecretPurpose } from '../../functions/config/secrets.ts';
import { platformSecretNames } from '../../functions/platforms/derived.ts';

export interface SundownSecretsProps {
  readonly stage: string;
  /** Keep the secrets when the stack goes; off only for a disposable stage. @default true */
  readonly protect?: boolean;
}

const DESCRIPTIONS: Readonly<Record<SecretPurpose, string>> = {
  platform: `platform webhook verification (${platformSecretNames().join(', ')})`,
  integration: `integration callback verification (${callbackSecrets()
    .map((secret) => secret.name)
    .join(', ')})`,
  links: 'the key that signs links in alerts (LINK_SIGNING_SECRET, generated)',
  targets: 'alert target credentials, under the names sundown.config.json gives them',
};

/**
 * One Secrets Manager secret per purpose, so each function is granted only what it uses. Created
 * without real values: the platform, integration and target secrets are written after deploy with
 * `npx sundown secrets set <NAME>`, which merges one name into its secret (until then they hold a
 * generated placeholder, which reads as "not configured"); only the link-signing key is ours, so it
 * is generated.
 */
export class SundownSecrets extends Construct {
  readonly byPurpose: Readonly<Record<SecretPurpose, Secret>>;

  constructor(scope: Construct, id: string, props: SundownSecretsProps) {
    super(scope, id);
    const removalPolicy = (props.protect ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const secret = (purpose: SecretPurpose, construct: string, generate?: SecretStringGenerator) =>
      new Secret(this, construct, {
        description: `Sundown ${props.stage}: ${DESCRIPTIONS[purpose]}`,
        ...(generate && { generateSecretString: generate }),
        removalPolicy,
      });
    this.byPurpose = {
      platform: secret('platform', 'Platform'),
      integration: secret('integration', 'Integration'),
      links: secret('links', 'LinkSigning', {
        secretStringTemplate: '{}',
        generateStringKey: 'LINK_SIGNING_SECRET',
        excludePunctuation: true,
        passwordLength: 40,
      }),
      targets: secret('targets', 'AlertTargets'),
    };
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The platform, integration and alert-target secrets are issued by the platforms and alert targets themselves and can only be rotated in their consoles; LINK_SIGNING_SECRET is rotated by `npx sundown secrets set LINK_SIGNING_SECRET` when wanted (rotating it on a schedule would void every link in alerts still open). README "Rotating a secret" says how.',
    });
  }
}
