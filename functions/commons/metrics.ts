/** Flushing metrics once per invocation, whatever the outcome, for middy and plain handlers alike. */
import type { MiddlewareObj } from '@middy/core';
import type { MetricsRecorder } from '../adapters/metrics/catalogue.ts';

/** Middy: publishes what the invocation recorded after the response (or the error answer) is built. */
export const flushMetrics = <E, R>(metrics: () => MetricsRecorder): MiddlewareObj<E, R> => ({
  after: async () => metrics().flush(),
  onError: async () => metrics().flush(),
});

/** Plain handlers (SQS consumers, the schedule): runs `work`, then flushes even when it throws. */
export const withMetricsFlush = async <T>(metrics: () => MetricsRecorder, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } finally {
    metrics().flush();
  }
};
