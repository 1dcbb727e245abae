/**
 * How Sundown's business metrics (listed in ports/metrics.ts) are published: the namespace and the
 * stage dimension. Each metric is published twice: under `{stage}` alone (totals, alarms) and
 * under `{stage, ...dimensions}` (breakdowns). Dimensions stay few and low-cardinality: CloudWatch
 * bills every distinct combination.
 */
import type { MetricName } from '../../ports/metrics.ts';

export {
  type DimensionsOf,
  type MetricName,
  type MetricsRecorder,
  type MetricUnitName,
  SUNDOWN_METRICS,
} from '../../ports/metrics.ts';

export const METRICS_NAMESPACE = 'Sundown';

/** The dimension every metric carries, so two stages in one account never mix. */
export const STAGE_DIMENSION = 'stage';

export interface RecordedMetric {
  readonly name: MetricName;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}
