/**
 * Business metrics: use cases and handlers record, an adapter decides whether and how they are
 * published. Every metric Sundown emits is listed here, so the code that records them, the
 * publishing adapter and the CDK dashboard and alarms (through adapters/metrics/catalogue.ts) cannot drift apart.
 */
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

export interface MetricsRecorder {
  record<N extends MetricName>(name: N, value: number, dimensions: DimensionsOf<N>): void;
  /** Publishes what was recorded since the last flush; called once at the end of every invocation. */
  flush(): void;
}
