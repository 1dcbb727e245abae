/**
 * The checks only a deployed stack has: every queue, alarm and queue consumer of both stacks in
 * place, and the alarm topic's e-mail subscriptions confirmed. Clients are ports, so tests answer
 * at the SDK boundary.
 */
import { ListStackResourcesCommand, type ListStackResourcesCommandOutput } from '@aws-sdk/client-cloudformation';
import { ListSubscriptionsByTopicCommand, type ListSubscriptionsByTopicCommandOutput } from '@aws-sdk/client-sns';
import type { CheckResult } from './doctor-checks.ts';

export interface CloudFormationPort {
  send(
    command: ListStackResourcesCommand,
  ): Promise<Pick<ListStackResourcesCommandOutput, 'StackResourceSummaries' | 'NextToken'>>;
}
export interface SnsPort {
  send(
    command: ListSubscriptionsByTopicCommand,
  ): Promise<Pick<ListSubscriptionsByTopicCommandOutput, 'Subscriptions' | 'NextToken'>>;
}

/** What a working stage has, by stack suffix: at least one of each, every one deployed. */
const EXPECTED: Readonly<Record<string, readonly [type: string, what: string][]>> = {
  State: [
    ['AWS::SQS::Queue', 'queues'],
    ['AWS::CloudWatch::Alarm', 'alarms'],
    ['AWS::ApiGatewayV2::Api', 'HTTP API'],
  ],
  Service: [
    ['AWS::Lambda::EventSourceMapping', 'queue consumers'],
    ['AWS::CloudWatch::Alarm', 'alarms'],
    ['AWS::ApiGatewayV2::Stage', 'API stage'],
  ],
};

const DEPLOYED = /_COMPLETE$/;

export const checkStackResources = async (
  cloudFormation: CloudFormationPort,
  stage: string,
): Promise<CheckResult[]> => {
  const results: CheckResult[] = [];
  for (const [suffix, expected] of Object.entries(EXPECTED)) {
    const stackName = `Sundown-${stage}-${suffix}`;
    const resources: { type: string; status: string; id: string }[] = [];
    try {
      let token: string | undefined;
      do {
        const page = await cloudFormation.send(
          new ListStackResourcesCommand({ StackName: stackName, NextToken: token }),
        );
        for (const r of page.StackResourceSummaries ?? []) {
          resources.push({ type: r.ResourceType ?? '', status: r.ResourceStatus ?? '', id: r.LogicalResourceId ?? '' });
        }
        token = page.NextToken;
      } while (token);
    } catch (error) {
      results.push({
        check: stackName,
        status: 'fail',
        detail: (error as Error).message,
        fix: `npx cdk deploy --all -c stage=${stage}`,
      });
      continue;
    }
    for (const [type, what] of expected) {
      const ofType = resources.filter((r) => r.type === type);
      const broken = ofType.filter((r) => !DEPLOYED.test(r.status) || /DELETE|FAILED|ROLLBACK/.test(r.status));
      const check = `${what} (${suffix})`;
      if (ofType.length === 0)
        results.push({
          check,
          status: 'fail',
          detail: `no ${type} in ${stackName}`,
          fix: `npx cdk deploy --all -c stage=${stage}`,
        });
      else if (broken.length > 0) {
        results.push({
          check,
          status: 'fail',
          detail: broken.map((r) => `${r.id} ${r.status}`).join(', '),
          fix: `see the events of ${stackName} in the CloudFormation console, then deploy again`,
        });
      } else results.push({ check, status: 'ok', detail: `${ofType.length} in place` });
    }
  }
  return results;
};

export const checkAlarmSubscriptions = async (sns: SnsPort, topicArn: string): Promise<CheckResult> => {
  const check = 'alarm e-mail';
  const pending: string[] = [];
  let confirmed = 0;
  let token: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }));
    for (const s of page.Subscriptions ?? []) {
      if (s.SubscriptionArn === 'PendingConfirmation') pending.push(s.Endpoint ?? '?');
      else confirmed += 1;
    }
    token = page.NextToken;
  } while (token);
  if (pending.length > 0) {
    return {
      check,
      status: 'warn',
      detail: `not confirmed: ${pending.join(', ')}`,
      fix: 'click "Confirm subscription" in the AWS Notification e-mail (it expires after 3 days; redeploy to resend)',
    };
  }
  return confirmed > 0
    ? { check, status: 'ok', detail: `${confirmed} subscription(s) confirmed` }
    : {
        check,
        status: 'warn',
        detail: 'nobody is subscribed to the alarm topic',
        fix: 'deploy with -c alarmEmail=ops@example.com, or set alerts.fallback in the config',
      };
};
