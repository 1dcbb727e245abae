/**
 * The parts the composition roots (this folder, one per function) build from: plain constructor
 * calls over the settings and the shared AWS clients. A root calls only the ones its function
 * needs. `Substitutes` is what the local stack, benchmarks and tests hand a root in place of an
 * adapter (the in-process event bus, a still clock, a recording queue); nothing is global.
 */
import { monotonicFactory } from 'ulid';
import { dynamoDocumentClient, eventBridge } from '../adapters/aws-clients.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { DynamoTimerIndex } from '../adapters/dynamodb/timer-index.ts';
import { EventBridgePublisher } from '../adapters/eventbridge/event-publisher.ts';
import { EmfMetrics } from '../adapters/metrics/emf.ts';
import { discardMetrics } from '../adapters/metrics/memory.ts';
import { meteredCaseStore } from '../adapters/metrics/metered-case-store.ts';
import { SqsAlertQueue } from '../adapters/sqs/alert-queue.ts';
import { sqs } from '../adapters/sqs/client.ts';
import { DeadLetters } from '../adapters/sqs/dead-letters.ts';
import { SqsTimerQueue } from '../adapters/sqs/timer-queue.ts';
import type { SundownConfig } from '../config/schema.ts';
import { requireSetting, settings, sundownConfig } from '../config/settings.ts';
import type {
  AlertQueue,
  CaseStore,
  Clock,
  DeadLetterQueue,
  EventPublisher,
  IntakeQueue,
  MetricsRecorder,
  Outbox,
  TimerIndex,
  TimerQueue,
} from '../ports.ts';

export interface Substitutes {
  readonly clock?: Clock;
  readonly newId?: () => string;
  readonly metrics?: MetricsRecorder;
  readonly config?: SundownConfig;
  readonly store?: CaseStore;
  readonly publisher?: EventPublisher;
  readonly intakeQueue?: IntakeQueue;
  readonly timerQueue?: TimerQueue;
  readonly alertQueue?: AlertQueue;
}

/** What every function has and none of which talks to AWS. */
export interface Core {
  readonly clock: Clock;
  readonly newId: () => string;
  readonly metrics: MetricsRecorder;
  readonly config: SundownConfig;
}

const systemClock: Clock = { now: () => new Date() };

const metricsFromSettings = (): MetricsRecorder => {
  const { SUNDOWN_METRICS, SUNDOWN_STAGE, AWS_LAMBDA_FUNCTION_NAME } = settings();
  return SUNDOWN_METRICS === 'emf'
    ? new EmfMetrics({ stage: SUNDOWN_STAGE, service: AWS_LAMBDA_FUNCTION_NAME })
    : discardMetrics;
};

export const core = (substitutes: Substitutes): Core => ({
  clock: substitutes.clock ?? systemClock,
  newId: substitutes.newId ?? monotonicFactory(),
  metrics: substitutes.metrics ?? metricsFromSettings(),
  config: substitutes.config ?? sundownConfig(),
});

export const table = () => ({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') });

/** Counts cases opened, answered and resolved as it writes them (metered-case-store.ts). */
export const caseStore = (substitutes: Substitutes, metrics: MetricsRecorder): CaseStore =>
  substitutes.store ?? meteredCaseStore(new DynamoCaseStore(table()), metrics);

export const outbox = (): Outbox => new DynamoOutbox(table());

export const timerIndex = (): TimerIndex => new DynamoTimerIndex(table());

export const publisher = (substitutes: Substitutes): EventPublisher =>
  substitutes.publisher ??
  new EventBridgePublisher({ client: eventBridge(), busName: requireSetting('EVENT_BUS_NAME') });

export const timerQueue = (substitutes: Substitutes): TimerQueue =>
  substitutes.timerQueue ?? new SqsTimerQueue({ client: sqs(), queueUrl: requireSetting('TIMER_QUEUE_URL') });

export const alertQueue = (substitutes: Substitutes): AlertQueue =>
  substitutes.alertQueue ?? new SqsAlertQueue({ client: sqs(), queueUrl: requireSetting('ALERT_QUEUE_URL') });

export const deadLetterQueue = (setting: 'INTAKE_DLQ_URL' | 'TIMER_DLQ_URL' | 'ALERT_DLQ_URL'): DeadLetterQueue =>
  new DeadLetters({ client: sqs(), queueUrl: requireSetting(setting) });
