import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  getAtt,
  logicalIdOf,
  onlyResource,
  resolveCrossStack,
  resourcesOf,
  type Statement,
  statementsOfFunction,
  synthSundown,
} from './sundown-templates.ts';

describe('service stack', () => {
  // Prepare
  const { stacks, state, service } = synthSundown({ stage: 'dev' });
  const ids = {
    receiver: logicalIdOf(stacks.service.webhookReceiver),
    processor: logicalIdOf(stacks.service.intakeProcessor),
    casesApi: logicalIdOf(stacks.service.casesApi),
    table: logicalIdOf(stacks.state.table),
    queue: logicalIdOf(stacks.state.intake.queue),
    bus: logicalIdOf(stacks.state.bus),
    secret: logicalIdOf(stacks.state.webhookSecret),
    topic: logicalIdOf(stacks.state.alarmTopic),
  };
  const tableArn = getAtt(ids.table, 'Arn');
  const queueArn = getAtt(ids.queue, 'Arn');
  const grantsOf = (functionId: string): Statement[] =>
    statementsOfFunction(service, functionId).map((statement) => ({
      ...statement,
      Resource: resolveCrossStack(statement.Resource, state) as unknown[],
    }));
  const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => statement.Action);
  const actionsOn = (statements: Statement[], resource: unknown) =>
    actionsOf(statements.filter((s) => s.Resource.some((r) => JSON.stringify(r) === JSON.stringify(resource))));
  const functions = resourcesOf(service, 'AWS::Lambda::Function');
  const envOf = (functionId: string) =>
    Object.keys(
      (service.toJSON().Resources[functionId].Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
    );

  it('runs every function on nodejs22.x, arm64, with the bundled ESM handler and source maps', () => {
    expect(functions.map(([id]) => id).sort()).toEqual([ids.casesApi, ids.processor, ids.receiver].sort());
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'sundown' } },
      });
    }
  });

  it('lets the webhook receiver send to the intake queue and read the secret, and nothing else', () => {
    const grants = grantsOf(ids.receiver);

    expect(actionsOn(grants, queueArn)).toContain('sqs:SendMessage');
    expect(actionsOn(grants, { Ref: ids.secret })).toContain('secretsmanager:GetSecretValue');
    expect(
      actionsOf(grants).filter((action) => !/^(sqs:(SendMessage|GetQueue\w+)|secretsmanager:)/.test(action)),
    ).toEqual([]);
    expect(envOf(ids.receiver)).toEqual(expect.arrayContaining(['INTAKE_QUEUE_URL', 'SECRETS_ARN']));
    expect(envOf(ids.receiver)).not.toContain('TABLE_NAME');
  });

  it('gives the cases API read-only table access and no queue access', () => {
    const actions = actionsOf(grantsOf(ids.casesApi));

    expect(actionsOn(grantsOf(ids.casesApi), tableArn)).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']),
    );
    for (const write of ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'])
      expect(actions).not.toContain(`dynamodb:${write}`);
    expect(actions.filter((action) => !action.startsWith('dynamodb:'))).toEqual([]);
    expect(envOf(ids.casesApi)).toContain('TABLE_NAME');
    expect(envOf(ids.casesApi)).not.toContain('INTAKE_QUEUE_URL');
  });

  it('lets the intake processor write the table, publish on the bus and consume the intake queue', () => {
    const grants = grantsOf(ids.processor);

    expect(actionsOn(grants, tableArn)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actionsOn(grants, getAtt(ids.bus, 'Arn'))).toContain('events:PutEvents');
    expect(actionsOn(grants, queueArn)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(actionsOf(grants)).not.toContain('secretsmanager:GetSecretValue');
    expect(envOf(ids.processor)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME']));
  });

  it('consumes the intake queue in batches and reports partial batch failures', () => {
    const mapping = onlyResource(service, 'AWS::Lambda::EventSourceMapping');

    expect(resolveCrossStack(mapping.Properties.EventSourceArn, state)).toEqual(queueArn);
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: ids.processor },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('requires IAM auth on the /cases routes and leaves webhook routes to the platform signatures', () => {
    const routes = Object.fromEntries(
      resourcesOf(service, 'AWS::ApiGatewayV2::Route').map(([, route]) => [
        route.Properties.RouteKey as string,
        route.Properties.AuthorizationType,
      ]),
    );

    expect(routes).toEqual({
      'GET /webhooks/x': 'NONE',
      'POST /webhooks/x': 'NONE',
      'GET /webhooks/meta': 'NONE',
      'POST /webhooks/meta': 'NONE',
      'POST /webhooks/inbound/{source}': 'NONE',
      'GET /cases': 'AWS_IAM',
      'GET /cases/{id}': 'AWS_IAM',
    });
  });

  it('throttles the default stage and writes access logs', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('alarms the operator topic on errors and throttles of every function', () => {
    for (const [functionId] of functions) {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = resourcesOf(service, 'AWS::CloudWatch::Alarm').find(
          ([, a]) =>
            a.Properties.MetricName === metric &&
            JSON.stringify(a.Properties.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]),
        );
        if (!alarm) throw new Error(`${functionId} has no ${metric} alarm`);
        expect(resolveCrossStack(alarm[1].Properties.AlarmActions, state)).toEqual([{ Ref: ids.topic }]);
      }
    }
  });

  it('outputs the API URL', () => {
    service.hasOutput('ApiUrl', { Value: Match.anyValue() });
    for (const name of [
      'TableName',
      'IntakeQueueUrl',
      'IntakeDeadLetterQueueUrl',
      'EventBusName',
      'WebhookSecretArn',
    ]) {
      state.hasOutput(name, { Value: Match.anyValue() });
    }
  });
});
