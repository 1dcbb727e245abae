import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PENDING_REF_LEASE_MS } from '../../functions/adapters/dynamodb/message-refs.ts';
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table.ts';
import { SQS_MAX_MESSAGE_BYTES } from '../../functions/adapters/sqs/message-body.ts';
import { getAtt, logicalIdOf, resourcesOf, synthSundown } from './sundown-templates.ts';

describe('stateful stack', () => {
  // Prepare: one dev and one prod synthesis shared by every test in this file.
  const dev = synthSundown({ stage: 'dev' });
  const prod = synthSundown({ stage: 'prod', alarmEmail: 'ops@example.com' });
  // Protection follows intent, not the stage's name: any stage is protected unless marked disposable.
  const production = synthSundown({ stage: 'production' });
  const disposable = synthSundown({ stage: 'dev', protect: false });
  const templates = [dev.state, dev.service];

  const queues = templates.flatMap((template) => resourcesOf(template, 'AWS::SQS::Queue'));
  const redriveTargets = queues.flatMap(([, queue]) => {
    const redrive = queue.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': string[] } } | undefined;
    return redrive ? [redrive.deadLetterTargetArn['Fn::GetAtt'][0]] : [];
  });
  const isDeadLetterQueue = (id: string) => redriveTargets.includes(id);
  const queueOf = (id: string) => queues.find(([queueId]) => queueId === id)?.[1];
  const workQueues = [
    { name: 'intake', pair: dev.stacks.state.intake, consumer: dev.stacks.service.intakeProcessor, maxReceiveCount: 5 },
    { name: 'timers', pair: dev.stacks.state.timers, consumer: dev.stacks.service.timerWorker, maxReceiveCount: 5 },
    // A target that is down gets more chances before its alert is parked.
    { name: 'alerts', pair: dev.stacks.state.alerts, consumer: dev.stacks.service.alertWorker, maxReceiveCount: 8 },
  ];

  it('keeps every queue in the stateful stack: three work queues, each with its own DLQ', () => {
    expect(resourcesOf(dev.service, 'AWS::SQS::Queue')).toEqual([]);
    expect(queues.map(([id]) => id).sort()).toEqual(
      workQueues.flatMap(({ pair }) => [logicalIdOf(pair.queue), logicalIdOf(pair.deadLetterQueue)]).sort(),
    );
    expect(new Set(redriveTargets).size).toBe(workQueues.length);
  });

  it.each(workQueues)(
    'moves a message of the $name queue to its DLQ after $maxReceiveCount receives',
    ({ pair, maxReceiveCount }) => {
      expect(queueOf(logicalIdOf(pair.queue))?.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: getAtt(logicalIdOf(pair.deadLetterQueue), 'Arn'),
        maxReceiveCount,
      });
    },
  );

  it.each(workQueues)(
    'hides a received $name message for at least six times the timeout of its consumer',
    ({ pair, consumer }) => {
      const consumerTimeout = dev.service.toJSON().Resources[logicalIdOf(consumer)].Properties.Timeout as number;

      expect(queueOf(logicalIdOf(pair.queue))?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        6 * consumerTimeout,
      );
    },
  );

  it('lets a message ref left by a stopped intake writer be taken over by the time the queue shows its event again', () => {
    const { intake } = dev.stacks.state;
    const resources = dev.service.toJSON().Resources;
    const timeoutMs = 1000 * (resources[logicalIdOf(dev.stacks.service.intakeProcessor)].Properties.Timeout as number);
    const hiddenMs = 1000 * (queueOf(logicalIdOf(intake.queue))?.Properties.VisibilityTimeout as number);

    // The writer that put the ref can no longer be storing its message: its invocation ended twice over.
    expect(PENDING_REF_LEASE_MS).toBeGreaterThanOrEqual(2 * timeoutMs);
    // The event's redelivery, hidden this long after the writer stopped, takes the ref over at once.
    expect(PENDING_REF_LEASE_MS).toBeLessThanOrEqual(hiddenMs);
  });

  it.each(workQueues)(
    'encrypts the $name queue and its DLQ with SQS-managed keys and denies requests without TLS',
    ({ pair }) => {
      for (const queue of [pair.queue, pair.deadLetterQueue]) {
        const id = logicalIdOf(queue);
        expect(queueOf(id)?.Properties.SqsManagedSseEnabled, `${id} is not encrypted`).toBe(true);
        dev.state.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    },
  );

  it("sets every queue's MaximumMessageSize to the limit the senders check each message against", () => {
    for (const [id, queue] of queues) {
      expect(queue.Properties.MaximumMessageSize, id).toBe(SQS_MAX_MESSAGE_BYTES);
    }
  });

  it('keeps dead letters for 14 days', () => {
    for (const [id, queue] of queues.filter(([queueId]) => isDeadLetterQueue(queueId))) {
      expect(queue.Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
    }
  });

  it.each(workQueues)('alarms the operator topic as soon as any message lands in the $name DLQ', ({ pair }) => {
    dev.state.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(logicalIdOf(pair.deadLetterQueue), 'QueueName') }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: logicalIdOf(dev.stacks.state.alarmTopic) }],
    });
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

  it("enables TTL on the attribute the DynamoDB adapter writes each item's retention to", () => {
    dev.state.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
    });
    disposable.state.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
    });
  });

  it.each([
    ['dev', dev],
    ['prod', prod],
    ['production', production],
  ])(
    'protects a %s stage not marked disposable: deletion protection, PITR, table kept, termination protection',
    (_stage, synth) => {
      synth.state.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          Replicas: [
            Match.objectLike({
              DeletionProtectionEnabled: true,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            }),
          ],
        }),
      });
      expect(synth.stacks.state.terminationProtection).toBe(true);
    },
  );

  it('lets a disposable stage go with its stack: no deletion protection, no PITR, table deleted, no termination protection', () => {
    disposable.state.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: false,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
          }),
        ],
      }),
    });
    expect(disposable.stacks.state.terminationProtection).toBe(false);
  });

  it('names the event bus after the stage', () => {
    dev.state.hasResourceProperties('AWS::Events::EventBus', { Name: 'sundown-dev' });
    prod.state.hasResourceProperties('AWS::Events::EventBus', { Name: 'sundown-prod' });
  });

  it('creates one secret per purpose, generating only the link-signing key', () => {
    const secrets = resourcesOf(dev.state, 'AWS::SecretsManager::Secret');
    const byId = Object.fromEntries(secrets);
    const { platform, integration, links, targets } = dev.stacks.state.secrets;

    expect(secrets.map(([id]) => id).sort()).toEqual(
      [platform, integration, links, targets].map((secret) => logicalIdOf(secret)).sort(),
    );
    expect(byId[logicalIdOf(links)]?.Properties.GenerateSecretString).toMatchObject({
      SecretStringTemplate: '{}',
      GenerateStringKey: 'LINK_SIGNING_SECRET',
      PasswordLength: 40,
    });
    for (const secret of [platform, integration, targets]) {
      expect(byId[logicalIdOf(secret)]?.Properties.GenerateSecretString, secret.node.path).toEqual({});
    }
  });

  it('puts no secret value in the template', () => {
    for (const [id, secret] of resourcesOf(dev.state, 'AWS::SecretsManager::Secret')) {
      expect(secret.Properties.SecretString, id).toBeUndefined();
    }
  });

  it('retains the secrets unless the stage is disposable', () => {
    for (const synth of [dev, prod, production]) {
      synth.state.resourcePropertiesCountIs('AWS::SecretsManager::Secret', {}, 4);
      synth.state.allResources('AWS::SecretsManager::Secret', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
    disposable.state.allResources('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  it('outputs what operators need: table, bus, secret, alarm topic, every queue and every DLQ', () => {
    for (const name of [
      'TableName',
      'IntakeQueueUrl',
      'IntakeDeadLetterQueueUrl',
      'TimerDeadLetterQueueUrl',
      'AlertDeadLetterQueueUrl',
      'TimerQueueUrl',
      'AlertQueueUrl',
      'EventBusName',
      'WebhookSecretArn',
      'IntegrationSecretArn',
      'LinkSigningSecretArn',
      'AlertTargetSecretArn',
      'AlarmTopicArn',
    ]) {
      dev.state.hasOutput(name, { Value: Match.anyValue() });
    }
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
