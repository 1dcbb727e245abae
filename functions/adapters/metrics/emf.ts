/**
 * Publishes metrics in CloudWatch embedded metric format through Powertools: one EMF log line
 * per distinct set of dimension values at each flush. The service (function) goes in as
 * metadata, not a dimension, so totals add up across the functions that emit the same metric.
 */
import { Metrics, type MetricUnit } from '@aws-lambda-powertools/metrics';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

import {
  type DimensionsOf,
  METRICS_NAMESPACE,
  type MetricName,
  type MetricsRecorder,
  type RecordedMetric,
  STAGE_DIMENSION,
  SUNDOWN_METRICS,
} from './catalogue.ts';

export interface EmfMetricsOptions {
  readonly stage: string;
  /** The function emitting, e.g. `intake-processor`. */
  readonly service: string;
  /** @default 'Sundown' */
  readonly namespace?: string;
}

const groupKey = (dimensions: Readonly<Record<string, string>>): string =>
  JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));

export class EmfMetrics implements MetricsRecorder {
  private readonly metrics: Metrics;
  private readonly service: string;
  private pending: RecordedMetric[] = [];

  constructor(options: EmfMetricsOptions) {
    this.service = options.service;
    this.metrics = new Metrics({ namespace: options.namespace ?? METRICS_NAMESPACE, serviceName: options.service });
    this.metrics.clearDefaultDimensions();
    this.metrics.setDefaultDimensions({ [STAGE_DIMENSION]: options.stage });
  }

  record<N extends MetricName>(name: N, value: number, dimensions: DimensionsOf<N>): void {
    this.pending.push({ name, value, dimensions: { ...dimensions } });
  }

  flush(): void {
    const groups = new Map<string, RecordedMetric[]>();
    for (const metric of this.pending) {
      const key = groupKey(metric.dimensions);
      groups.set(key, [...(groups.get(key) ?? []), metric]);
    }
    this.pending = [];
    for (const group of groups.values()) {
      const [first] = group;
      if (!first) continue;
      // Two dimension sets: {stage} for totals and alarms, {stage, ...} for breakdowns.
      this.metrics.addDimensions({});
      if (Object.keys(first.dimensions).length > 0) this.metrics.addDimensions({ ...first.dimensions });
      this.metrics.addMetadata('service', this.service);
      for (const metric of group) {
        this.metrics.addMetric(metric.name, SUNDOWN_METRICS[metric.name].unit as Unit, metric.value);
      }
      this.metrics.publishStoredMetrics();
    }
  }
}
