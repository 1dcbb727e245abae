/**
 * Issue 13, finding 8: every HTTP route has a throttle of its own, the platform webhook routes
 * absorb bursts of at least 1,000 requests/s and every other route gets less, so junk on one
 * route cannot spend the budget X, Meta and inbound deliveries need; and every queue consumer
 * runs at a bounded concurrency, so a backlog cannot overrun the table.
 */
import { Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/handlers/routes.ts';
import { SundownApiStage } from '../../lib/constructs/http-api-stage.ts';
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
  const keyOf = (route: (typeof HTTP_ROUTES)[number]) => `${route.method} ${route.path}`;
  const platformRoutes = HTTP_ROUTES.filter((route) => route.traffic === 'platform').map(keyOf);
  const otherRoutes = HTTP_ROUTES.filter((route) => route.traffic !== 'platform').map(keyOf);

  it('gives every route a throttle of its own', () => {
    expect(Object.keys(settings).sort()).toEqual(HTTP_ROUTES.map(keyOf).sort());
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
    { name: 'intake', queue: () => stacks.state.intake.queue, expected: 10 },
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
