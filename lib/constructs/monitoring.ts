import { Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  METRICS_NAMESPACE,
  type MetricName,
  STAGE_DIMENSION,
  SUNDOWN_METRICS,
} from '../../functions/adapters/metrics/catalogue.ts';
import type { QueueWithDlq } from './queue-with-dlq.ts';

export interface SundownMonitoringProps {
  /** The `stage` dimension the functions publish under. */
  readonly stage: string;
  /** Every alarm's action, and the OK action of the alarms whose recovery matters. */
  readonly alarmTopic: ITopic;
  /** No webhook accepted for this long fires the silent-intake alarm: one CloudWatch period, 5 min to 1 day. */
  readonly silentIntakeAfter: Duration;
  /** The functions by display name; their error and throttle alarms live in SundownFunction. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** The queues by display name, each with its dead-letter queue (whose alarm lives in QueueWithDlq). */
  readonly queues: Readonly<Record<string, QueueWithDlq>>;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The operator's view of one stage: a CloudWatch dashboard of Sundown's business metrics (see
 * functions/adapters/metrics/catalogue.ts) and of its queues and functions, plus the alarms that
 * only make sense across the whole system: alert deliveries failing and a silent intake.
 */
export class SundownMonitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly alertFailuresAlarm: Alarm;
  readonly silentIntakeAlarm: Alarm;
  /** A breached case for which nobody could be reached: the last level and the fallback failed. */
  readonly unreachedAlarm: Alarm;
  /** An escalation chain ran out of levels and rounds while its case is still unanswered. */
  readonly exhaustedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SundownMonitoringProps) {
    super(scope, id);
    const silentSeconds = props.silentIntakeAfter.toSeconds();
    if (silentSeconds % 60 !== 0 || silentSeconds < 300 || silentSeconds > 86_400) {
      throw new Error(
        `${this.node.path}: silentIntakeAfter must be whole minutes from 5 minutes to 1 day (one CloudWatch alarm period), got ${silentSeconds} s`,
      );
    }
    const total = (name: MetricName, statistic: string, period = FIVE_MINUTES): Metric =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { [STAGE_DIMENSION]: props.stage },
        statistic,
        period,
      });
    /** Every value of the metric's breakdown dimensions that has data, one line each. */
    const breakdown = (name: MetricName, label: string): MathExpression => {
      const dimensions = [STAGE_DIMENSION, ...SUNDOWN_METRICS[name].dimensions].join(',');
      return new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},${dimensions}} MetricName="${name}" ${STAGE_DIMENSION}="${props.stage}"', 'Sum', 300)`,
        label,
        period: FIVE_MINUTES,
      });
    };
    const action = new SnsAction(props.alarmTopic);

    this.alertFailuresAlarm = total('AlertDeliveryFailures', 'Sum').createAlarm(this, 'AlertDeliveryFailuresAlarm', {
      alarmDescription: `Sundown ${props.stage}: alert deliveries to a target are failing; see the alert worker's logs`,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.silentIntakeAlarm = total('WebhooksAccepted', 'Sum', props.silentIntakeAfter).createAlarm(
      this,
      'SilentIntakeAlarm',
      {
        alarmDescription: `Sundown ${props.stage}: no webhook accepted for ${silentSeconds / 60} minutes; a platform subscription or secret may be broken`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        // No data at all is exactly the failure this alarm exists for.
        treatMissingData: TreatMissingData.BREACHING,
      },
    );
    this.unreachedAlarm = total('EscalationsUnreached', 'Sum').createAlarm(this, 'EscalationsUnreachedAlarm', {
      alarmDescription: `Sundown ${props.stage}: a breached case reached nobody (every target of its chain's last level and the fallback target failed); see the case's audit`,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.exhaustedAlarm = total('EscalationsExhausted', 'Sum').createAlarm(this, 'EscalationsExhaustedAlarm', {
      alarmDescription: `Sundown ${props.stage}: an escalation chain alerted its last level and stopped while the case is unanswered; make the chain repeat (untilAnswered) or answer the case`,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.alertFailuresAlarm, this.silentIntakeAlarm, this.unreachedAlarm, this.exhaustedAlarm]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }

    const functions = Object.entries(props.functions);
    const queues = Object.entries(props.queues);
    const perFunction = (metric: (fn: IFunction) => Metric) =>
      functions.map(([name, fn]) => metric(fn).with({ label: name }));
    const graph = (title: string, left: IMetric[], width = 8) => new GraphWidget({ title, left, width, height: 6 });

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `sundown-${props.stage}` });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Sundown ${props.stage}\nBusiness metrics: namespace \`${METRICS_NAMESPACE}\`, dimension \`stage=${props.stage}\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Webhooks accepted by platform', [breakdown('WebhooksAccepted', 'accepted')]),
      graph('Webhook rejects by reason', [breakdown('WebhookRejects', 'rejected')]),
      graph('Cases opened', [total('CasesOpened', 'Sum'), breakdown('CasesOpened', 'opened')]),
    );
    this.dashboard.addWidgets(
      graph('First-response time (ms)', [
        total('FirstResponseTime', 'p50').with({ label: 'p50' }),
        total('FirstResponseTime', 'p90').with({ label: 'p90' }),
      ]),
      graph('SLA met vs breached', [
        total('SlaMet', 'Sum').with({ label: 'met' }),
        total('SlaBreached', 'Sum').with({ label: 'breached' }),
      ]),
      graph('Escalations by level', [breakdown('Escalations', 'escalations')]),
    );
    this.dashboard.addWidgets(
      graph('Alert delivery failures by target type', [breakdown('AlertDeliveryFailures', 'failures')]),
      graph('Resolution time (ms)', [
        total('ResolutionTime', 'p50').with({ label: 'p50' }),
        total('ResolutionTime', 'p90').with({ label: 'p90' }),
      ]),
      new AlarmStatusWidget({
        title: 'Silent intake, alert failures, nobody reached',
        alarms: [this.silentIntakeAlarm, this.alertFailuresAlarm, this.unreachedAlarm, this.exhaustedAlarm],
        width: 8,
        height: 6,
      }),
    );
    this.dashboard.addWidgets(
      graph(
        'Escalations that reached nobody or ran out',
        [
          total('EscalationsUnreached', 'Sum').with({ label: 'nobody reached' }),
          total('EscalationsExhausted', 'Sum').with({ label: 'chain exhausted' }),
        ],
        24,
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Queue depths',
        queues.map(([name, q]) => q.queue.metricApproximateNumberOfMessagesVisible({ label: name })),
      ),
      // What the backlog alarms watch: how long the oldest message of each queue has waited.
      graph(
        'Oldest message age (s)',
        queues.map(([name, q]) => q.queue.metricApproximateAgeOfOldestMessage({ label: name, statistic: 'Maximum' })),
      ),
      graph(
        'Dead-letter queue depths',
        queues.map(([name, q]) => q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: `${name} DLQ` })),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Function errors',
        perFunction((fn) => fn.metricErrors({ period: FIVE_MINUTES })),
      ),
      graph(
        'Function throttles',
        perFunction((fn) => fn.metricThrottles({ period: FIVE_MINUTES })),
      ),
      graph(
        'Function duration p90 (ms)',
        perFunction((fn) => fn.metricDuration({ statistic: 'p90' })),
      ),
    );
  }
}
