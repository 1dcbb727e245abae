import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table.ts';
import { getAtt, logicalIdOf, onlyResource, type Resource, resourcesOf, synthSundown } from './sundown-templates.ts';

describe('stateful stack', () => {
  // Prepare: one dev and one prod synthesis shared by every test in this file.
  const dev = synthSundown({ stage: 'dev' });
  const prod = synthSundown({ stage: 'prod', alarmEmail: 'ops@example.com' });
  const templates = [dev.state, dev.service];

  const queues = templates.flatMap((template) => resourcesOf(template, 'AWS::SQS::Queue'));
  const redriveTargets = queues.flatMap(([, queue]) => {
    const redrive = queue.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': string[] } } | undefined;
    return redrive ? [redrive.deadLetterTargetArn['Fn::GetAtt'][0]] : [];
  });
  const isDeadLetterQueue = (id: string) => redriveTargets.includes(id);

  it('gives every queue that is not itself a DLQ a redrive policy to a DLQ after 5 receives', () => {
    const workQueues = queues.filter(([id]) => !isDeadLetterQueue(id));

    expect(workQueues.length).toBeGreaterThan(0);
    for (const [id, queue] of workQueues) {
      const redrive = queue.Properties.RedrivePolicy as Record<string, unknown> | undefined;
      expect(redrive, `${id} has no RedrivePolicy`).toBeDefined();
      expect(redrive?.maxReceiveCount).toBe(5);
    }
    for (const target of redriveTargets) expect(queues.map(([id]) => id)).toContain(target);
  });

  it('encrypts every queue with SQS-managed keys and denies requests without TLS', () => {
    for (const [id, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled, `${id} is not encrypted`).toBe(true);
      dev.state.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('keeps dead letters for 14 days', () => {
    for (const [id, queue] of queues.filter(([queueId]) => isDeadLetterQueue(queueId))) {
      expect(queue.Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
    }
  });

  it('alarms the operator topic as soon as any message lands in a DLQ', () => {
    const topicId = logicalIdOf(dev.stacks.state.alarmTopic);
    const deadLetterQueues = queues.filter(([id]) => isDeadLetterQueue(id));

    expect(deadLetterQueues.length).toBeGreaterThan(0);
    for (const [id] of deadLetterQueues) {
      dev.state.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(id, 'QueueName') }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  it('builds the table from TABLE_SCHEMA with on-demand billing, PITR, AWS-managed encryption and TTL', () => {
    const key = (name: string, type: 'HASH' | 'RANGE') => ({ AttributeName: name, KeyType: type });

    dev.state.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [key(TABLE_SCHEMA.partitionKey, 'HASH'), key(TABLE_SCHEMA.sortKey, 'RANGE')],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      GlobalSecondaryIndexes: Object.values(TABLE_SCHEMA.indexes).map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [key(index.partitionKey, 'HASH'), key(index.sortKey, 'RANGE')],
        }),
      ),
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
    expect(Object.values(TABLE_SCHEMA.indexes).map((index) => index.name)).toEqual(['gsi1', 'gsi2']);
  });

  it('protects and retains the table in prod only', () => {
    const devTable = onlyResource(dev.state, 'AWS::DynamoDB::GlobalTable');
    const prodTable = onlyResource(prod.state, 'AWS::DynamoDB::GlobalTable');
    const protection = (table: Resource) =>
      (table.Properties.Replicas as { DeletionProtectionEnabled?: boolean }[])[0]?.DeletionProtectionEnabled;

    expect(protection(devTable)).not.toBe(true);
    expect(devTable.DeletionPolicy).toBe('Delete');
    expect(protection(prodTable)).toBe(true);
    expect(prodTable.DeletionPolicy).toBe('Retain');
  });

  it('names the event bus after the stage', () => {
    dev.state.hasResourceProperties('AWS::Events::EventBus', { Name: 'sundown-dev' });
    prod.state.hasResourceProperties('AWS::Events::EventBus', { Name: 'sundown-prod' });
  });

  it('creates one webhook secret holding every key the receiver reads, with no real secret in the template', () => {
    const secret = onlyResource(dev.state, 'AWS::SecretsManager::Secret');
    const generate = secret.Properties.GenerateSecretString as Record<string, string>;
    const template = JSON.parse(generate.SecretStringTemplate ?? '{}') as Record<string, string>;

    expect([...Object.keys(template), generate.GenerateStringKey].sort()).toEqual([
      'INBOUND_WEBHOOK_SECRET',
      'META_APP_SECRET',
      'META_VERIFY_TOKEN',
      'X_CONSUMER_SECRET',
    ]);
    expect(Object.values(template).every((value) => value === '')).toBe(true);
  });

  it('subscribes the operator e-mail to the alarm topic only when one is given', () => {
    dev.state.resourceCountIs('AWS::SNS::Subscription', 0);
    prod.state.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('rejects a malformed alarm e-mail and an unsafe stage name', () => {
    expect(() => synthSundown({ alarmEmail: 'ops' })).toThrow(/alarmEmail "ops"/);
    expect(() => synthSundown({ stage: 'Prod_1' })).toThrow(/stage "Prod_1"/);
  });
});
