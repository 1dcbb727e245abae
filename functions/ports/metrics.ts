/** Business metrics: use cases and handlers record, an adapter decides whether and how they are published. */
import type { DimensionsOf, MetricName } from '../adapters/metrics/catalogue.ts';

export interface MetricsRecorder {
  record<N extends MetricName>(name: N, value: number, dimensions: DimensionsOf<N>): void;
  /** Publishes what was recorded since the last flush; called once at the end of every invocation. */
  flush(): void;
}
