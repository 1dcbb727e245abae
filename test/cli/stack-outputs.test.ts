import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { REQUIRED_OUTPUTS, SECRET_OUTPUTS, targetFromOutputs } from '../../cli/target.ts';
import { synthSundown } from '../lib/sundown-templates.ts';

describe('finding a deployed stack', () => {
  it('reads only outputs that the synthesized stacks declare, under the names it looks for', () => {
    // Act
    const { stacks, state, service } = synthSundown({ stage: 'dev' });

    // Assess
    expect([stacks.state.stackName, stacks.service.stackName]).toEqual(['Sundown-dev-State', 'Sundown-dev-Service']);
    for (const name of REQUIRED_OUTPUTS.State) state.hasOutput(name, { Value: Match.anyValue() });
    for (const name of REQUIRED_OUTPUTS.Service) service.hasOutput(name, { Value: Match.anyValue() });
    // `sundown secrets` finds the secret of each purpose by these.
    for (const name of Object.values(SECRET_OUTPUTS)) state.hasOutput(name, { Value: Match.anyValue() });
  });

  it('maps the outputs to the table, API and each queue with its DLQ', () => {
    // Prepare
    const outputs = Object.fromEntries(
      [...REQUIRED_OUTPUTS.State, ...REQUIRED_OUTPUTS.Service].map((name) => [name, `value-of-${name}`]),
    );

    // Act
    const target = targetFromOutputs('prod', outputs, 'eu-west-1');
    target.close();

    // Assess
    expect(target).toMatchObject({
      kind: 'aws',
      label: 'Sundown-prod',
      apiUrl: 'value-of-ApiUrl',
      tableName: 'value-of-TableName',
      secretArn: 'value-of-WebhookSecretArn',
      region: 'eu-west-1',
      queues: {
        intake: { url: 'value-of-IntakeQueueUrl', dlqUrl: 'value-of-IntakeDeadLetterQueueUrl' },
        timers: { url: 'value-of-TimerQueueUrl', dlqUrl: 'value-of-TimerDeadLetterQueueUrl' },
        alerts: { url: 'value-of-AlertQueueUrl', dlqUrl: 'value-of-AlertDeadLetterQueueUrl' },
      },
    });
  });

  it('names the missing output of an older deployment', () => {
    expect(() => targetFromOutputs('prod', { ApiUrl: 'https://api' })).toThrow(
      'stack output TableName is missing from Sundown-prod-*: deploy the stacks again',
    );
  });
});
