/** `sundown doctor`'s AWS checks at the SDK boundary: the CloudFormation and SNS calls it makes, and what it concludes. */
import {
  ListStackResourcesCommand,
  type ListStackResourcesCommandOutput,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { ListSubscriptionsByTopicCommand, type Subscription } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import {
  type CloudFormationPort,
  checkAlarmSubscriptions,
  checkStackResources,
  type SnsPort,
} from '../../cli/doctor-aws.ts';

const resource = (type: string, id: string, status = 'CREATE_COMPLETE'): StackResourceSummary => ({
  ResourceType: type,
  LogicalResourceId: id,
  ResourceStatus: status as StackResourceSummary['ResourceStatus'],
  LastUpdatedTimestamp: new Date(),
});

const HEALTHY: Record<string, StackResourceSummary[]> = {
  'Sundown-prod-State': [
    resource('AWS::SQS::Queue', 'IntakeQueue'),
    resource('AWS::CloudWatch::Alarm', 'IntakeDlqAlarm', 'UPDATE_COMPLETE'),
    resource('AWS::ApiGatewayV2::Api', 'HttpApi'),
  ],
  'Sundown-prod-Service': [
    resource('AWS::Lambda::EventSourceMapping', 'IntakeMapping'),
    resource('AWS::CloudWatch::Alarm', 'ReceiverErrors'),
    resource('AWS::ApiGatewayV2::Stage', 'DefaultStage'),
  ],
};

/** Answers ListStackResources from `stacks`, two resources a page, as CloudFormation pages them. */
const cloudFormation = (stacks: Record<string, StackResourceSummary[]>) => {
  const calls: { StackName?: string; NextToken?: string }[] = [];
  const port: CloudFormationPort = {
    send: async (command) => {
      expect(command).toBeInstanceOf(ListStackResourcesCommand);
      calls.push(command.input);
      const all = stacks[command.input.StackName ?? ''];
      if (!all) throw new Error(`Stack with id ${command.input.StackName} does not exist`);
      const from = Number(command.input.NextToken ?? 0);
      const page: Partial<ListStackResourcesCommandOutput> = { StackResourceSummaries: all.slice(from, from + 2) };
      return from + 2 < all.length ? { ...page, NextToken: String(from + 2) } : page;
    },
  };
  return { port, calls };
};

describe('doctor: stack resources', () => {
  it('finds every queue, alarm, consumer and API part deployed, reading every page of both stacks', async () => {
    const { port, calls } = cloudFormation(HEALTHY);

    const results = await checkStackResources(port, 'prod');

    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(calls).toEqual([
      { StackName: 'Sundown-prod-State', NextToken: undefined },
      { StackName: 'Sundown-prod-State', NextToken: '2' },
      { StackName: 'Sundown-prod-Service', NextToken: undefined },
      { StackName: 'Sundown-prod-Service', NextToken: '2' },
    ]);
  });

  it('fails on an alarm that did not deploy and on a stack that is not there, saying what to do', async () => {
    const { port } = cloudFormation({
      'Sundown-prod-State': [
        ...(HEALTHY['Sundown-prod-State'] ?? []),
        resource('AWS::CloudWatch::Alarm', 'AlertDlqAlarm', 'CREATE_FAILED'),
      ],
    });

    const results = await checkStackResources(port, 'prod');

    expect(results).toContainEqual(
      expect.objectContaining({ check: 'alarms (State)', status: 'fail', detail: 'AlertDlqAlarm CREATE_FAILED' }),
    );
    expect(results).toContainEqual(
      expect.objectContaining({
        check: 'Sundown-prod-Service',
        status: 'fail',
        fix: 'npx cdk deploy --all -c stage=prod',
      }),
    );
  });
});

describe('doctor: alarm e-mail', () => {
  const sns = (subscriptions: Subscription[]): SnsPort => ({
    send: async (command) => {
      expect(command).toBeInstanceOf(ListSubscriptionsByTopicCommand);
      expect(command.input.TopicArn).toBe('arn:aws:sns:eu-west-1:123456789012:alarms');
      return { Subscriptions: subscriptions };
    },
  });

  it('warns about an e-mail address that has not confirmed its subscription, naming it', async () => {
    const result = await checkAlarmSubscriptions(
      sns([{ Protocol: 'email', Endpoint: 'ops@example.com', SubscriptionArn: 'PendingConfirmation' }]),
      'arn:aws:sns:eu-west-1:123456789012:alarms',
    );

    expect(result).toMatchObject({ status: 'warn', detail: 'not confirmed: ops@example.com' });
    expect(result.fix).toContain('Confirm subscription');
  });

  it('passes when every subscription is confirmed', async () => {
    const result = await checkAlarmSubscriptions(
      sns([{ Protocol: 'email', Endpoint: 'ops@example.com', SubscriptionArn: 'arn:aws:sns:eu-west-1:1:alarms:abc' }]),
      'arn:aws:sns:eu-west-1:123456789012:alarms',
    );

    expect(result).toMatchObject({ status: 'ok' });
  });
});
