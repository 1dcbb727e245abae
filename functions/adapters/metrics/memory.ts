import type { DimensionsOf, MetricName, MetricsRecorder, RecordedMetric } from './catalogue.ts';

/** Keeps metrics in memory: the local stack and tests, where nothing may reach stdout. */
export class MemoryMetrics implements MetricsRecorder {
  /** Everything flushed so far, oldest first. */
  readonly published: RecordedMetric[] = [];
  private pending: RecordedMetric[] = [];

  record<N extends MetricName>(name: N, value: number, dimensions: DimensionsOf<N>): void {
    this.pending.push({ name, value, dimensions: { ...dimensions } });
  }

  flush(): void {
    this.published.push(...this.pending);
    this.pending = [];
  }

  /** Recorded but not yet flushed. */
  get unflushed(): readonly RecordedMetric[] {
    return this.pending;
  }

  /** Published values of one metric, optionally only those with the given dimension values. */
  values(name: MetricName, dimensions: Readonly<Record<string, string>> = {}): number[] {
    return this.published
      .filter((m) => m.name === name && Object.entries(dimensions).every(([k, v]) => m.dimensions[k] === v))
      .map((m) => m.value);
  }
}

/** Records nothing: metrics switched off. */
export const discardMetrics: MetricsRecorder = { record: () => undefined, flush: () => undefined };
