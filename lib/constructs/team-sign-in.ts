import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The console's groups: agents work cases; admins also take the admin-only actions. */
export const CONSOLE_GROUPS = ['agents', 'admins'] as const;

export interface TeamSignInProps {
  readonly stage: string;
  /** Where the hosted sign-in sends people back: the console's URL. */
  readonly consoleUrl: string;
  /** Keep the user pool when the stack goes, with deletion protection. @default true */
  readonly protect?: boolean;
  /** Hosted sign-in domain prefix, unique in the region. @default `sundown-<stage>-<account id>` */
  readonly domainPrefix?: string;
}

/**
 * The team's sign-in: a Cognito user pool (no self sign-up: an admin adds people), its hosted
 * sign-in domain, a public app client using the authorization-code flow with PKCE, and the groups
 * whose names arrive in the token's `cognito:groups` claim.
 */
export class TeamSignIn extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The token issuer the API's JWT authorizer trusts. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: TeamSignInProps) {
    super(scope, id);
    const protect = props.protect ?? true;
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `sundown-${props.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      // The console shows customers' messages and contact details: a password alone is not enough.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: protect,
      removalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Sign-up is closed (admins add people), MFA is required and the pool guards a small team console: the Plus plan threat protection is left to the operator.',
    });
    for (const group of CONSOLE_GROUPS) {
      this.userPool.addGroup(`Group-${group}`, { groupName: group, description: `Sundown console ${group}` });
    }
    this.domain = this.userPool.addDomain('HostedSignIn', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `sundown-${props.stage}-${Aws.ACCOUNT_ID}` },
    });
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'SignInUrl', {
      description: 'Hosted sign-in for the team console',
      value: this.domain.signInUrl(this.client, { redirectUri: props.consoleUrl }),
    });
  }
}
