/** Flushing metrics once per invocation, whatever the outcome, for middy and plain handlers alike. */
import type { MiddlewareObj } from '@middy/core';

/** All this needs of a metrics recorder (ports/metrics.ts), so commons depends on no adapter. */
interface Flushable {
  flush(): void;
}

/** Middy: publishes what the invocation recorded after the response (or the error answer) is built. */
export const flushMetrics = <E, R>(metrics: () => Flushable): MiddlewareObj<E, R> => ({
  after: async () => metrics().flush(),
  onError: async () => metrics().flush(),
});

/** Plain handlers (SQS consumers, the schedule): runs `work`, then flushes even when it throws. */
export const withMetricsFlush = async <T>(metrics: () => Flushable, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } finally {
    metrics().flush();
  }
};
