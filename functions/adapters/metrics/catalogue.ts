/**
 * Every business metric Sundown emits, in one place, so the functions that emit them and the
 * CDK dashboard and alarms that read them cannot drift apart. Each metric is published twice:
 * under `{stage}` alone (totals, alarms) and under `{stage, ...dimensions}` (breakdowns).
 * Dimensions stay few and low-cardinality: CloudWatch bills every distinct combination.
 */
export const METRICS_NAMESPACE = 'Sundown';

/** The dimension every metric carries, so two stages in one account never mix. */
export const STAGE_DIMENSION = 'stage';

export const SUNDOWN_METRICS = {
  WebhooksAccepted: { unit: 'Count', dimensions: ['platform'] },
  /** `reason` is the error code the receiver answered with, e.g. invalid_signature. */
  WebhookRejects: { unit: 'Count', dimensions: ['reason'] },
  CasesOpened: { unit: 'Count', dimensions: ['channel', 'priority'] },
  FirstResponseTime: { unit: 'Milliseconds', dimensions: ['channel', 'priority'] },
  ResolutionTime: { unit: 'Milliseconds', dimensions: ['channel', 'priority'] },
  SlaMet: { unit: 'Count', dimensions: ['clock', 'channel', 'priority'] },
  SlaBreached: { unit: 'Count', dimensions: ['clock', 'channel', 'priority'] },
  Escalations: { unit: 'Count', dimensions: ['level'] },
  AlertDeliveryFailures: { unit: 'Count', dimensions: ['targetType'] },
  /** A chain's last level of its last round was alerted and the case is still unanswered. */
  EscalationsExhausted: { unit: 'Count', dimensions: ['clock'] },
  /** Nobody could be reached: every target of the last level failed and the fallback failed or is not set. */
  EscalationsUnreached: { unit: 'Count', dimensions: ['clock'] },
} as const;

export type MetricName = keyof typeof SUNDOWN_METRICS;
export type MetricUnitName = (typeof SUNDOWN_METRICS)[MetricName]['unit'];
export type DimensionsOf<N extends MetricName> = {
  readonly [D in (typeof SUNDOWN_METRICS)[N]['dimensions'][number]]: string;
};

export interface RecordedMetric {
  readonly name: MetricName;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

export type { MetricsRecorder } from '../../ports/metrics.ts';
