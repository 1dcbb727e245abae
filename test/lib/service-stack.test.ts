import { Match } from 'aws-cdk-lib/assertions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { type HttpFunction, httpRoutes } from '../../functions/handlers/routes.ts';
import type { SundownFunction } from '../../lib/constructs/sundown-function.ts';
import {
  environmentOf,
  getAtt,
  logicalIdOf,
  type Resource,
  resolveCrossStack,
  resourcesOf,
  synthSundown,
} from './sundown-templates.ts';

describe('service stack', () => {
  // Prepare
  const { stacks, state, service } = synthSundown({ stage: 'dev' });
  const fns = stacks.service;
  const allFunctions = [
    fns.webhookReceiver,
    fns.intakeProcessor,
    fns.casesApi,
    fns.caseActions,
    fns.consoleApi,
    fns.sweeper,
    fns.timerWorker,
    fns.alertWorker,
    // The repository's config names a fallback target, so its alarms are forwarded.
    ...(fns.alarmForwarder ? [fns.alarmForwarder] : []),
  ];
  const functions = resourcesOf(service, 'AWS::Lambda::Function');
  const mappings = resourcesOf(service, 'AWS::Lambda::EventSourceMapping');

  it('runs all nine functions on nodejs22.x, arm64, with the bundled ESM handler and no source-map flag', () => {
    expect(allFunctions).toHaveLength(9);
    expect(functions.map(([id]) => id).sort()).toEqual(allFunctions.map(logicalIdOf).sort());
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'sundown' } },
      });
      // Source maps are opt-in (-c sourceMaps=true): Node would parse them at every cold start.
      expect(fn.Properties).not.toHaveProperty('Environment.Variables.NODE_OPTIONS');
    }
  });

  const queueArn = (queue: IQueue) => JSON.stringify(getAtt(logicalIdOf(queue), 'Arn'));
  const sourceOf = (mapping: Resource) => JSON.stringify(resolveCrossStack(mapping.Properties.EventSourceArn, state));
  const workQueues = [
    { name: 'intake', queue: stacks.state.intake, consumer: fns.intakeProcessor },
    { name: 'timers', queue: stacks.state.timers, consumer: fns.timerWorker },
    { name: 'alerts', queue: stacks.state.alerts, consumer: fns.alertWorker },
  ];

  it.each(workQueues)(
    'has exactly one consumer on the $name queue, in batches, reporting partial batch failures',
    ({ queue, consumer }) => {
      const consumers = mappings.filter(([, mapping]) => sourceOf(mapping) === queueArn(queue.queue));

      expect(consumers).toHaveLength(1);
      expect(consumers[0]?.[1].Properties).toMatchObject({
        FunctionName: { Ref: logicalIdOf(consumer) },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    },
  );

  it('consumes no dead-letter queue: parked messages wait for an operator to redrive them', () => {
    const deadLetterQueues = workQueues.map(({ queue }) => queueArn(queue.deadLetterQueue));

    expect(mappings).toHaveLength(workQueues.length);
    expect(mappings.filter(([, mapping]) => deadLetterQueues.includes(sourceOf(mapping)))).toEqual([]);
  });

  it('runs the sweeper every minute from an EventBridge rule that targets only the sweeper', () => {
    const rules = resourcesOf(service, 'AWS::Events::Rule');
    const sweeperArn = getAtt(logicalIdOf(fns.sweeper), 'Arn');

    expect(rules).toHaveLength(1);
    const [ruleId, rule] = rules[0] ?? [];
    expect(rule?.Properties).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    expect(rule?.Properties.Targets).toEqual([expect.objectContaining({ Arn: sweeperArn })]);
    service.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: sweeperArn,
      Principal: 'events.amazonaws.com',
      SourceArn: getAtt(ruleId ?? '', 'Arn'),
    });
  });

  it('serves every route of httpRoutes(), with the auth and the function the table gives it, and no other', () => {
    const handlerOf: Record<HttpFunction, SundownFunction> = {
      webhooks: fns.webhookReceiver,
      cases: fns.casesApi,
      actions: fns.caseActions,
      console: fns.consoleApi,
    };
    const integrations = Object.fromEntries(resourcesOf(service, 'AWS::ApiGatewayV2::Integration'));
    const routes = resourcesOf(service, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
      const target = route.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integration = integrations[target['Fn::Join'][1][1].Ref];
      return [
        route.Properties.RouteKey as string,
        { auth: route.Properties.AuthorizationType, handler: integration?.Properties.IntegrationUri },
      ] as const;
    });

    expect(routes).toHaveLength(httpRoutes().length);
    expect(Object.fromEntries(routes)).toEqual(
      Object.fromEntries(
        httpRoutes().map((route) => [
          `${route.method} ${route.path}`,
          {
            auth: { iam: 'AWS_IAM', jwt: 'JWT', none: 'NONE' }[route.auth],
            handler: getAtt(logicalIdOf(handlerOf[route.function]), 'Arn'),
          },
        ]),
      ),
    );
  });

  it('throttles the default stage and writes access logs', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('alarms the operator topic on errors and throttles of every function', () => {
    const topicId = logicalIdOf(stacks.state.alarmTopic);
    for (const [functionId] of functions) {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = resourcesOf(service, 'AWS::CloudWatch::Alarm').find(
          ([, a]) =>
            a.Properties.MetricName === metric &&
            JSON.stringify(a.Properties.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]),
        );
        if (!alarm) throw new Error(`${functionId} has no ${metric} alarm`);
        expect(resolveCrossStack(alarm[1].Properties.AlarmActions, state)).toEqual([{ Ref: topicId }]);
      }
    }
  });

  it('points the links in alerts at the deployed API when the config gives no public URL', () => {
    const variables = environmentOf(service, logicalIdOf(fns.alertWorker));

    expect(JSON.stringify(resolveCrossStack(variables.PUBLIC_BASE_URL, state))).toContain(
      JSON.stringify({ Ref: logicalIdOf(stacks.state.httpApi.api) }),
    );
  });

  it('outputs the API URL', () => {
    service.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});
