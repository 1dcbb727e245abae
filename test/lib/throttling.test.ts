/**
 * Issue 13, finding 8: every HTTP route has a throttle of its own, the platform webhook routes
 * absorb bursts of at least 1,000 requests/s and every other route gets less, so junk on one
 * route cannot spend the budget X, Meta and inbound deliveries need; and every queue consumer
 * runs at a bounded concurrency, the intake's derived from the table's write budget, so a backlog
 * cannot overrun the table.
 */
import { Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { SundownApiStage } from '../../lib/constructs/http-api-stage.ts';
import { INTAKE_BUDGET, intakeConcurrency } from '../../lib/intake-budget.ts';
import {
  logicalIdOf,
  onlyResource,
  resolveCrossStack,
  resourcesOf,
  synthSundown,
  testApp,
} from './sundown-templates.ts';

type RouteSetting = { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };

describe('throttling', () => {
  // Prepare: one synthesis shared by the tests of this file.
  const { stacks, state, service } = synthSundown();
  const stage = onlyResource(service, 'AWS::ApiGatewayV2::Stage');
  const settings = stage.Properties.RouteSettings as Record<string, RouteSetting>;
  const keyOf = (route: ReturnType<typeof httpRoutes>[number]) => `${route.method} ${route.path}`;
  const platformRoutes = httpRoutes()
    .filter((route) => route.traffic === 'platform')
    .map(keyOf);
  const otherRoutes = httpRoutes()
    .filter((route) => route.traffic !== 'platform')
    .map(keyOf);

  it('gives every route a throttle of its own', () => {
    expect(Object.keys(settings).sort()).toEqual(httpRoutes().map(keyOf).sort());
  });

  it('lets the X, Meta and inbound webhook routes absorb bursts of at least 1,000 requests/s', () => {
    expect(platformRoutes.sort()).toEqual([
      'POST /webhooks/inbound/{source}',
      'POST /webhooks/meta',
      'POST /webhooks/x',
    ]);
    for (const key of platformRoutes) {
      expect(settings[key]?.ThrottlingRateLimit, key).toBeGreaterThanOrEqual(1_000);
      expect(settings[key]?.ThrottlingBurstLimit, key).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('gives every other route, and any route without a throttle of its own, a lower limit', () => {
    const lowestPlatformRate = Math.min(...platformRoutes.map((key) => settings[key]?.ThrottlingRateLimit ?? 0));
    const lowestPlatformBurst = Math.min(...platformRoutes.map((key) => settings[key]?.ThrottlingBurstLimit ?? 0));
    const defaults = stage.Properties.DefaultRouteSettings as RouteSetting;

    for (const [key, setting] of [
      ...otherRoutes.map((k) => [k, settings[k]] as const),
      ['(default)', defaults] as const,
    ]) {
      expect(setting?.ThrottlingRateLimit, key).toBeLessThan(lowestPlatformRate);
      expect(setting?.ThrottlingBurstLimit, key).toBeLessThan(lowestPlatformBurst);
    }
  });

  it('deploys the stage after every route its settings name', () => {
    const stageId = logicalIdOf(stacks.service.httpApi.stage);
    const routeIds = resourcesOf(service, 'AWS::ApiGatewayV2::Route').map(([id]) => id);

    expect(service.toJSON().Resources[stageId].DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it.each([
    { name: 'intake', queue: () => stacks.state.intake.queue, expected: intakeConcurrency() },
    { name: 'timers', queue: () => stacks.state.timers.queue, expected: 5 },
    { name: 'alerts', queue: () => stacks.state.alerts.queue, expected: 5 },
  ])('runs at most $expected consumers of the $name queue at once', ({ queue, expected }) => {
    const arn = { 'Fn::GetAtt': [logicalIdOf(queue()), 'Arn'] };
    const mapping = resourcesOf(service, 'AWS::Lambda::EventSourceMapping').find(
      ([, resource]) =>
        JSON.stringify(resolveCrossStack(resource.Properties.EventSourceArn, state)) === JSON.stringify(arn),
    );

    expect(mapping?.[1].Properties.ScalingConfig).toEqual({ MaximumConcurrency: expected });
  });

  it('runs only as many intake processors as the write budget allows, in batches of 10 gathered for up to 1 s', () => {
    const { writeUnitsPerSecond, writeUnitsPerEvent, eventsPerSecondPerConsumer } = INTAKE_BUDGET;
    const writesAt = (consumers: number) => consumers * eventsPerSecondPerConsumer * writeUnitsPerEvent;
    const arn = { 'Fn::GetAtt': [logicalIdOf(stacks.state.intake.queue), 'Arn'] };
    const [, mapping] =
      resourcesOf(service, 'AWS::Lambda::EventSourceMapping').find(
        ([, resource]) =>
          JSON.stringify(resolveCrossStack(resource.Properties.EventSourceArn, state)) === JSON.stringify(arn),
      ) ?? [];
    const consumers = Number(
      (mapping?.Properties.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency,
    );

    expect(writesAt(consumers)).toBeLessThanOrEqual(writeUnitsPerSecond);
    expect(writesAt(consumers + 1)).toBeGreaterThan(writeUnitsPerSecond);
    expect(mapping?.Properties).toMatchObject({ BatchSize: 10, MaximumBatchingWindowInSeconds: 1 });
  });

  it('follows cheaper writes: at the issue-14 goal of 6 units an event, 25 processors drain 500 events/s', () => {
    const cheaper = { ...INTAKE_BUDGET, writeUnitsPerEvent: 6 };

    expect(intakeConcurrency(cheaper)).toBe(25);
    expect(intakeConcurrency({ ...INTAKE_BUDGET, writeUnitsPerEvent: 10_000 })).toBe(2);
  });

  it('refuses a throttle that is not a positive rate and whole burst, naming it', () => {
    const stack = new Stack(testApp(), 'Throttles');
    const api = new HttpApi(stack, 'Api', { createDefaultStage: false });
    const build = (burstLimit: number) =>
      new SundownApiStage(stack, `Stage${burstLimit}`, {
        api,
        routeThrottles: { platform: { rateLimit: 10, burstLimit } },
      });

    expect(() => build(0.5)).toThrow(/routeThrottles\.platform burstLimit must be a positive integer, got 0\.5/);
  });
});
