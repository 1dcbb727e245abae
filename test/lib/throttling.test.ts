/**
 * Issue 13, finding 8: every HTTP route has a throttle of its own, the platform webhook routes
 * absorb bursts of at least 1,000 requests/s and every other route gets less, so junk on one
 * route cannot spend the budget X, Meta and inbound deliveries need; and every queue consumer
 * runs at a bounded concurrency derived from its share of the table's write budget, so a backlog
 * cannot overrun the table, and a pre-warmed table runs more of them.
 */
import { Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { SundownApiStage } from '../../lib/constructs/http-api-stage.ts';
import {
  CONSUMER_BUDGETS,
  type Consumer,
  consumerConcurrency,
  copyWriteUnitsPerSecond,
} from '../../lib/write-budget.ts';
import {
  logicalIdOf,
  onlyResource,
  repoConfigWith,
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

  const mappingOf = (template: typeof service, queue: () => IQueue, holder = state) => {
    const arn = { 'Fn::GetAtt': [logicalIdOf(queue()), 'Arn'] };
    return resourcesOf(template, 'AWS::Lambda::EventSourceMapping').find(
      ([, resource]) =>
        JSON.stringify(resolveCrossStack(resource.Properties.EventSourceArn, holder)) === JSON.stringify(arn),
    )?.[1].Properties;
  };
  const maximumConcurrency = (properties: Record<string, unknown> | undefined) =>
    Number((properties?.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency);
  const consumers: { name: Consumer; queue: () => IQueue }[] = [
    { name: 'intake', queue: () => stacks.state.intake.queue },
    { name: 'timers', queue: () => stacks.state.timers.queue },
    { name: 'alerts', queue: () => stacks.state.alerts.queue },
  ];

  it.each(consumers)(
    'runs only as many $name consumers as its share of the write budget pays for',
    ({ name, queue }) => {
      const { share, writeUnitsPerItem, itemsPerSecondPerConsumer } = CONSUMER_BUDGETS[name];
      const writesAt = (n: number) => n * itemsPerSecondPerConsumer * writeUnitsPerItem;
      const running = maximumConcurrency(mappingOf(service, queue));

      expect(writesAt(running)).toBeLessThanOrEqual(share * 4_000);
      expect(writesAt(running + 1)).toBeGreaterThan(share * 4_000);
    },
  );

  it('spends at most the table default 4,000 write units/s across the three workers at full tilt, 5 % left for the API', () => {
    const atFullTilt = consumers.reduce((sum, { name, queue }) => {
      const { writeUnitsPerItem, itemsPerSecondPerConsumer } = CONSUMER_BUDGETS[name];
      return sum + maximumConcurrency(mappingOf(service, queue)) * writeUnitsPerItem * itemsPerSecondPerConsumer;
    }, 0);

    expect(atFullTilt).toBeLessThanOrEqual(0.95 * 4_000);
  });

  const writeUnitsPerSecondOf = (template: typeof service, description: string): number | undefined => {
    const found = resourcesOf(template, 'AWS::Lambda::Function').find(
      ([, fn]) => fn.Properties.Description === description,
    );
    const value = (found?.[1].Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
      ?.WRITE_UNITS_PER_SECOND;
    return value === undefined ? undefined : Number(value);
  };
  const pacedWorkers = [
    { name: 'timers' as const, description: 'Fires SLA warnings, breaches and escalation steps at their deadline' },
    { name: 'alerts' as const, description: 'Delivers alerts and notices to the configured alert targets' },
  ];

  it.each(pacedWorkers)(
    'holds each $name copy to its part of the share, so all copies at full speed stay within it',
    ({ name, description }) => {
      const perCopy = writeUnitsPerSecondOf(service, description);
      const running = maximumConcurrency(
        mappingOf(service, name === 'timers' ? () => stacks.state.timers.queue : () => stacks.state.alerts.queue),
      );

      expect(perCopy).toBe(copyWriteUnitsPerSecond(CONSUMER_BUDGETS[name]));
      expect((perCopy ?? Number.POSITIVE_INFINITY) * running).toBeLessThanOrEqual(CONSUMER_BUDGETS[name].share * 4_000);
      expect((perCopy ?? 0) * running).toBeGreaterThan(0.95 * CONSUMER_BUDGETS[name].share * 4_000);
    },
  );

  it('leaves intake unpaced: its copies are sized at the pace they were measured at', () => {
    expect(CONSUMER_BUDGETS.intake.paced).toBe(false);
    expect(writeUnitsPerSecondOf(service, 'Turns queued platform events into cases and publishes domain events')).toBe(
      undefined,
    );
  });

  it('gathers intake batches of 10 for up to 1 s, and hands deadlines and alerts over at once', () => {
    expect(mappingOf(service, () => stacks.state.intake.queue)).toMatchObject({
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 1,
    });
    for (const queue of [() => stacks.state.timers.queue, () => stacks.state.alerts.queue]) {
      expect(mappingOf(service, queue)).toMatchObject({ BatchSize: 10, MaximumBatchingWindowInSeconds: 0 });
    }
  });

  it('pre-warms a table configured for 40,000 write units/s and runs ten times the workers', () => {
    const warm = synthSundown({ config: repoConfigWith({ deployment: { table: { writeUnitsPerSecond: 40_000 } } }) });
    const table = onlyResource(warm.state, 'AWS::DynamoDB::GlobalTable');
    const timers = maximumConcurrency(mappingOf(warm.service, () => warm.stacks.state.timers.queue, warm.state));

    expect(table.Properties.WarmThroughput).toEqual({ WriteUnitsPerSecond: 40_000 });
    expect(onlyResource(state, 'AWS::DynamoDB::GlobalTable').Properties.WarmThroughput).toBeUndefined();
    expect(timers).toBe(consumerConcurrency(CONSUMER_BUDGETS.timers, 40_000));
    expect(timers).toBeGreaterThanOrEqual(10 * maximumConcurrency(mappingOf(service, () => stacks.state.timers.queue)));
  });

  it.each([
    [3_999, /deployment\.table\.writeUnitsPerSecond: must be at least 4000/],
    [4_000.5, /deployment\.table\.writeUnitsPerSecond: must be a whole number/],
    ['40000', /deployment\.table\.writeUnitsPerSecond/],
  ])('refuses a table of %j write units/s, naming the field', (writeUnitsPerSecond, message) => {
    expect(() => repoConfigWith({ deployment: { table: { writeUnitsPerSecond } } })).toThrow(message);
  });

  it('follows cheaper writes: at the issue-14 goal of 6 units an event, 18 processors drain 360 events/s', () => {
    const cheaper = { ...CONSUMER_BUDGETS.intake, writeUnitsPerItem: 6 };

    expect(consumerConcurrency(cheaper)).toBe(18);
    expect(consumerConcurrency({ ...CONSUMER_BUDGETS.intake, writeUnitsPerItem: 10_000 })).toBe(2);
    expect(consumerConcurrency(CONSUMER_BUDGETS.timers, 10_000_000)).toBe(1_000);
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
