/**
 * Secrets never reach Lambda environment variables (nor anywhere else in the templates): the
 * functions get the secret's ARN and read the values from Secrets Manager at cold start.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SECRET_ARN_VARIABLES, SECRET_PURPOSES } from '../../functions/config/secrets.ts';
import { emailTargetsConfig, environmentOf, logicalIdOf, resourcesOf, synthSundown } from '../lib/sundown-templates.ts';

const PLANTED = {
  X_CONSUMER_SECRET: 'planted-x-consumer-secret-6f1c2a',
  SLACK_SUPPORT_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/planted-slack-token',
  LINK_SIGNING_SECRET: 'planted-link-signing-secret-9d8e7f',
};

/** Names that say "this holds a credential"; <PURPOSE>_SECRETS_ARN only names where they live. */
const CREDENTIAL_NAME = /SECRET|TOKEN|PASSWORD|PRIVATE|API_?KEY|ROUTING_KEY|WEBHOOK_URL/;
/** Values that look like credentials: Standard Webhooks keys, long random strings, dynamic references. */
const CREDENTIAL_VALUE = /whsec_|\{\{resolve:secretsmanager|[A-Za-z0-9+/_-]{32,}/;

describe('secrets stay out of Lambda environment variables', () => {
  beforeAll(() => {
    for (const [name, value] of Object.entries(PLANTED)) vi.stubEnv(name, value);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  // Prepare: synthesized while the synthesizing shell holds real-looking secrets.
  const synth = () => synthSundown({ config: emailTargetsConfig(), stage: 'prod' });

  it('gives functions only resource names, URLs and ARNs: no variable is named or shaped like a credential', () => {
    const { service } = synth();
    const functions = resourcesOf(service, 'AWS::Lambda::Function');

    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [id] of functions) {
      for (const [name, value] of Object.entries(environmentOf(service, id))) {
        if (!name.endsWith('_SECRETS_ARN')) expect(name, `${id}.${name}`).not.toMatch(CREDENTIAL_NAME);
        if (typeof value === 'string') expect(value, `${id}.${name}`).not.toMatch(CREDENTIAL_VALUE);
      }
    }
  });

  it('passes each secret as its ARN (a reference), never its value', () => {
    const { stacks, service } = synth();

    for (const purpose of SECRET_PURPOSES) {
      const variable = SECRET_ARN_VARIABLES[purpose];
      const secretId = logicalIdOf(stacks.state.secrets[purpose]);
      const withSecret = resourcesOf(service, 'AWS::Lambda::Function').filter(
        ([id]) => environmentOf(service, id)[variable] !== undefined,
      );

      expect(withSecret.length, purpose).toBeGreaterThan(0);
      for (const [id] of withSecret) {
        const arn = JSON.stringify(environmentOf(service, id)[variable]);
        expect(arn).toMatch(/Fn::GetStackOutput|Fn::ImportValue|"Ref"/);
        expect(arn).toContain(secretId.slice(0, 12));
        expect(arn).not.toMatch(/SecretString|resolve:secretsmanager/);
      }
    }
  });

  it('puts none of the secret values in the shell into either template', () => {
    const { state, service } = synth();
    const templates = JSON.stringify(state.toJSON()) + JSON.stringify(service.toJSON());

    for (const value of Object.values(PLANTED)) expect(templates).not.toContain(value);
    expect(templates).not.toContain('{{resolve:secretsmanager');
  });
});
