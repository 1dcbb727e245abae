import { App, Duration, Stack } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { SUNDOWN_METRICS } from '../../functions/adapters/metrics/catalogue.ts';
import { SundownMonitoring } from '../../lib/constructs/monitoring.ts';
import { logicalIdOf, repoConfigWith, resolveCrossStack, resourcesOf, synthSundown } from './sundown-templates.ts';

type Widget = { type: string; properties: { title?: string; metrics?: unknown[]; alarms?: unknown[] } };

/** The dashboard body as JSON, CloudFormation tokens (region, ARNs) replaced by placeholders. */
const dashboardOf = (template: ReturnType<typeof synthSundown>['service']) => {
  const [[, dashboard] = []] = resourcesOf(template, 'AWS::CloudWatch::Dashboard');
  const body = dashboard?.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return { name: dashboard?.Properties.DashboardName, widgets: (JSON.parse(text) as { widgets: Widget[] }).widgets };
};

describe('monitoring: dashboard and alarms', () => {
  // Prepare
  const { stacks, state, service } = synthSundown({ stage: 'dev' });
  const topic = { Ref: logicalIdOf(stacks.state.alarmTopic) };
  const alarms = [...resourcesOf(state, 'AWS::CloudWatch::Alarm'), ...resourcesOf(service, 'AWS::CloudWatch::Alarm')];
  const alarmOn = (metricName: string) =>
    resourcesOf(service, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => alarm.Properties.MetricName === metricName);

  it('builds one dashboard for the stage with a widget for each business, queue and function view', () => {
    const { name, widgets } = dashboardOf(service);

    expect(name).toBe('sundown-dev');
    expect(widgets.map((w) => w.properties.title).filter(Boolean)).toEqual([
      'Webhooks accepted by platform',
      'Webhook rejects by reason',
      'Cases opened',
      'First-response time (ms)',
      'SLA met vs breached',
      'Escalations by level',
      'Alert delivery failures by target type',
      'Resolution time (ms)',
      'Silent intake, alert failures, nobody reached',
      'Escalations that reached nobody or ran out',
      'Queue depths',
      'Oldest message age (s)',
      'Dead-letter queue depths',
      'Function errors',
      'Function throttles',
      'Function duration p90 (ms)',
    ]);
  });

  it('charts every business metric of the catalogue under this stage', () => {
    const text = JSON.stringify(dashboardOf(service).widgets);

    for (const metric of Object.keys(SUNDOWN_METRICS)) expect(text).toContain(metric);
    expect(text).toContain(`SEARCH('{Sundown,stage,level} MetricName=\\"Escalations\\" stage=\\"dev\\"', 'Sum', 300)`);
    expect(text).toContain('"p90"');
  });

  it('charts the depth and oldest message age of all three queues, the depth of their DLQs, and errors, throttles and duration of all nine functions, the console included', () => {
    const byTitle = Object.fromEntries(dashboardOf(service).widgets.map((w) => [w.properties.title, w.properties]));

    expect(byTitle['Queue depths']?.metrics).toHaveLength(3);
    expect(byTitle['Oldest message age (s)']?.metrics).toHaveLength(3);
    expect(byTitle['Dead-letter queue depths']?.metrics).toHaveLength(3);
    for (const title of ['Function errors', 'Function throttles', 'Function duration p90 (ms)']) {
      expect(byTitle[title]?.metrics).toHaveLength(9);
    }
  });

  it('has exactly the alarms Sundown needs: one per DLQ, a backlog per queue, errors and throttles per function, alert failures, silent intake, nobody reached, chain exhausted', () => {
    const count = (metricName: string) => alarms.filter(([, a]) => a.Properties.MetricName === metricName).length;

    expect(count('ApproximateNumberOfMessagesVisible')).toBe(3);
    expect(count('ApproximateAgeOfOldestMessage')).toBe(3);
    expect(count('Errors')).toBe(9);
    expect(count('Throttles')).toBe(9);
    expect(count('AlertDeliveryFailures')).toBe(1);
    expect(count('WebhooksAccepted')).toBe(1);
    expect(count('EscalationsUnreached')).toBe(1);
    expect(count('EscalationsExhausted')).toBe(1);
    expect(alarms).toHaveLength(28);
  });

  it('alarms, and says OK again, when a queue falls behind: alerts waiting 2 minutes, deadlines 5, intake 5', () => {
    const backlog = (queue: { queue: { node: { path: string } } }) => {
      const found = resourcesOf(state, 'AWS::CloudWatch::Alarm').filter(
        ([, alarm]) =>
          alarm.Properties.MetricName === 'ApproximateAgeOfOldestMessage' &&
          JSON.stringify(alarm.Properties.Dimensions).includes(logicalIdOf(queue.queue as never)),
      );
      expect(found).toHaveLength(1);
      return found[0]?.[1]?.Properties;
    };
    const expected = (threshold: number) => ({
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });

    expect(backlog(stacks.state.alerts)).toMatchObject(expected(120));
    // A deadline is handed to the timer queue up to three minutes ahead and waits there by design.
    expect(backlog(stacks.state.timers)).toMatchObject(expected(300));
    expect(backlog(stacks.state.intake)).toMatchObject(expected(300));
    expect(backlog(stacks.state.alerts)?.AlarmDescription).toMatch(/alerts are reaching on-call late/);
  });

  it('sends every alarm to the alarm (e-mail) topic', () => {
    for (const [id, alarm] of alarms) {
      const actions = resolveCrossStack(alarm.Properties.AlarmActions, state);
      expect(actions, id).toEqual([topic]);
    }
  });

  it('alarms on any alert delivery failure in five minutes, and says when deliveries recover', () => {
    const [[, alarm] = []] = alarmOn('AlertDeliveryFailures');

    expect(alarm?.Properties).toMatchObject({
      Namespace: 'Sundown',
      Dimensions: [{ Name: 'stage', Value: 'dev' }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(resolveCrossStack(alarm?.Properties.OKActions, state)).toEqual([topic]);
  });

  it('alarms when no webhook was accepted for the default six hours, counting no data as silence', () => {
    const [[, alarm] = []] = alarmOn('WebhooksAccepted');

    expect(alarm?.Properties).toMatchObject({
      Namespace: 'Sundown',
      Dimensions: [{ Name: 'stage', Value: 'dev' }],
      Statistic: 'Sum',
      Period: 6 * 3600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(resolveCrossStack(alarm?.Properties.OKActions, state)).toEqual([topic]);
  });

  it('alarms when a breached case reached nobody and when a chain runs out, at the first occurrence', () => {
    for (const metric of ['EscalationsUnreached', 'EscalationsExhausted']) {
      const [[, alarm] = []] = alarmOn(metric);

      expect(alarm?.Properties, metric).toMatchObject({
        Namespace: 'Sundown',
        Dimensions: [{ Name: 'stage', Value: 'dev' }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(resolveCrossStack(alarm?.Properties.OKActions, state)).toEqual([topic]);
    }
  });

  it('forwards every alarm on the alarm topic to the fallback alert target through the alarm forwarder', () => {
    const subscriptions = resourcesOf(service, 'AWS::SNS::Subscription').filter(
      ([, s]) => s.Properties.Protocol === 'lambda',
    );
    const forwarder = resourcesOf(service, 'AWS::Lambda::Function').filter(([, fn]) =>
      String(fn.Properties.Description ?? '').includes('fallback alert target'),
    );

    expect(forwarder).toHaveLength(1);
    expect(subscriptions).toHaveLength(1);
    const [[, subscription] = []] = subscriptions;
    expect(resolveCrossStack(subscription?.Properties.TopicArn, state)).toEqual(topic);
    expect(JSON.stringify(subscription?.Properties.Endpoint)).toContain(forwarder[0]?.[0]);
  });

  it('deploys no alarm forwarder when the config names no fallback target', () => {
    const { service: withoutFallback } = synthSundown({ config: repoConfigWith({ alerts: { linkTtl: 'P2D' } }) });

    expect(
      resourcesOf(withoutFallback, 'AWS::SNS::Subscription').filter(([, s]) => s.Properties.Protocol === 'lambda'),
    ).toEqual([]);
  });

  it('uses the configured silent-intake period', () => {
    const config = repoConfigWith({ operations: { silentIntakeAfter: 'PT45M' } });

    const { service: configured } = synthSundown({ config });

    const [[, alarm] = []] = resourcesOf(configured, 'AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties.MetricName === 'WebhooksAccepted',
    );
    expect(alarm?.Properties.Period).toBe(45 * 60);
  });

  it.each([
    ['PT90S', 'whole number of minutes'],
    ['PT2M', 'whole number of minutes from PT5M to P1D'],
    ['P2D', 'whole number of minutes from PT5M to P1D'],
    ['P1M', 'must not use years or months'],
  ])('refuses silentIntakeAfter %s in the config, naming the field', (value, message) => {
    expect(() => repoConfigWith({ operations: { silentIntakeAfter: value } })).toThrow(
      new RegExp(`operations\\.silentIntakeAfter: .*${message}`),
    );
  });

  it('refuses a silent-intake period CloudWatch cannot use', () => {
    const stack = new Stack(new App(), 'Probe');
    const make = (silentIntakeAfter: Duration) =>
      new SundownMonitoring(stack, `M${silentIntakeAfter.toSeconds()}`, {
        stage: 'dev',
        alarmTopic: new Topic(stack, `T${silentIntakeAfter.toSeconds()}`),
        silentIntakeAfter,
        functions: {},
        queues: {},
      });

    expect(() => make(Duration.seconds(90))).toThrow(/silentIntakeAfter must be whole minutes/);
    expect(() => make(Duration.days(2))).toThrow(/silentIntakeAfter must be whole minutes/);
    expect(() => make(Duration.minutes(30))).not.toThrow();
  });
});
