/**
 * The composition root: builds each adapter once per cold start from validated settings.
 * The local stack and tests may replace an adapter before the first call (e.g. the
 * recorded in-process event bus), never after.
 */
import { monotonicFactory } from 'ulid';
import { requireSetting, settings, sundownConfig } from '../config/settings.ts';
import type {
  AlertQueue,
  CaseStore,
  Claims,
  Clock,
  EventPublisher,
  FeedbackStore,
  IntakeQueue,
  Outbox,
  TimerIndex,
  TimerQueue,
  WindowCounters,
} from '../ports.ts';
import type { FollowUpDeps } from '../use-cases/followups.ts';
import { dynamoDocumentClient, eventBridge, sqs } from './aws-clients.ts';
import { DynamoCaseStore } from './dynamodb/case-store.ts';
import { DynamoClaims } from './dynamodb/claims.ts';
import { DynamoFeedbackStore } from './dynamodb/feedback-store.ts';
import { DynamoOutbox } from './dynamodb/outbox.ts';
import { DynamoTimerIndex } from './dynamodb/timer-index.ts';
import { DynamoWindowCounters } from './dynamodb/window-counters.ts';
import { EventBridgePublisher } from './eventbridge/event-publisher.ts';
import type { MetricsRecorder } from './metrics/catalogue.ts';
import { EmfMetrics } from './metrics/emf.ts';
import { discardMetrics } from './metrics/memory.ts';
import { meteredCaseStore } from './metrics/metered-case-store.ts';
import { secret } from './secrets.ts';
import { SqsAlertQueue } from './sqs/alert-queue.ts';
import { DeadLetters } from './sqs/dead-letters.ts';
import { SqsIntakeQueue } from './sqs/intake-queue.ts';
import { SqsTimerQueue } from './sqs/timer-queue.ts';

interface Adapters {
  store: CaseStore;
  publisher: EventPublisher;
  outbox: Outbox;
  intakeQueue: IntakeQueue;
  timerIndex: TimerIndex;
  timerQueue: TimerQueue;
  alertQueue: AlertQueue;
  claims: Claims;
  clock: Clock;
  newId: () => string;
  metrics: MetricsRecorder;
  counters: WindowCounters;
  feedback: FeedbackStore;
}

const overrides: Partial<Adapters> = {};
const built: Partial<Adapters> = {};
const deadLetterQueues = new Map<string, DeadLetters>();

const factories: { [K in keyof Adapters]: () => Adapters[K] } = {
  store: () =>
    meteredCaseStore(
      new DynamoCaseStore({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') }),
      get('metrics'),
    ),
  publisher: () => new EventBridgePublisher({ client: eventBridge(), busName: requireSetting('EVENT_BUS_NAME') }),
  outbox: () => new DynamoOutbox({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') }),
  intakeQueue: () => new SqsIntakeQueue({ client: sqs(), queueUrl: requireSetting('INTAKE_QUEUE_URL') }),
  timerIndex: () => new DynamoTimerIndex({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') }),
  timerQueue: () => new SqsTimerQueue({ client: sqs(), queueUrl: requireSetting('TIMER_QUEUE_URL') }),
  alertQueue: () => new SqsAlertQueue({ client: sqs(), queueUrl: requireSetting('ALERT_QUEUE_URL') }),
  claims: () =>
    new DynamoClaims({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME'), clock: get('clock') }),
  clock: () => ({ now: () => new Date() }),
  newId: () => monotonicFactory(),
  counters: () => new DynamoWindowCounters({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') }),
  feedback: () => new DynamoFeedbackStore({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') }),
  metrics: () => {
    const { SUNDOWN_METRICS, SUNDOWN_STAGE, AWS_LAMBDA_FUNCTION_NAME } = settings();
    return SUNDOWN_METRICS === 'emf'
      ? new EmfMetrics({ stage: SUNDOWN_STAGE, service: AWS_LAMBDA_FUNCTION_NAME })
      : discardMetrics;
  },
};

const get = <K extends keyof Adapters>(name: K): Adapters[K] => {
  const existing = overrides[name] ?? built[name];
  if (existing) return existing as Adapters[K];
  const created = factories[name]();
  built[name] = created;
  return created;
};

type DeadLetterSetting = 'INTAKE_DLQ_URL' | 'TIMER_DLQ_URL' | 'ALERT_DLQ_URL';

export const adapters = {
  store: () => get('store'),
  publisher: () => get('publisher'),
  outbox: () => get('outbox'),
  intakeQueue: () => get('intakeQueue'),
  timerIndex: () => get('timerIndex'),
  timerQueue: () => get('timerQueue'),
  alertQueue: () => get('alertQueue'),
  claims: () => get('claims'),
  clock: () => get('clock'),
  newId: () => get('newId'),
  metrics: () => get('metrics'),
  counters: () => get('counters'),
  feedback: () => get('feedback'),
  config: sundownConfig,
  deadLetters: (setting: DeadLetterSetting): DeadLetters => {
    let queue = deadLetterQueues.get(setting);
    if (!queue) {
      queue = new DeadLetters({ client: sqs(), queueUrl: requireSetting(setting) });
      deadLetterQueues.set(setting, queue);
    }
    return queue;
  },
  /** Everything hand-offs, promises and closing follow-ups need. */
  followUpDeps: (): FollowUpDeps => ({
    store: get('store'),
    publisher: get('publisher'),
    outbox: get('outbox'),
    alertQueue: get('alertQueue'),
    clock: get('clock'),
    config: sundownConfig(),
    newId: get('newId'),
    // Lazy: only a deadline due within minutes goes straight to the timer queue.
    timerQueue: { send: (timers, now) => get('timerQueue').send(timers, now) },
    timerIndex: get('timerIndex'),
    baseUrl: sundownConfig().publicBaseUrl ?? settings().PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000',
    linkSecret: async () => {
      const value = await secret('LINK_SIGNING_SECRET');
      if (!value) throw new Error('secret LINK_SIGNING_SECRET is not set: a hand-off cannot carry a signed link');
      return value;
    },
  }),
  /** Everything the intake processor's use case needs. */
  ingestDeps: () => ({
    store: get('store'),
    publisher: get('publisher'),
    outbox: get('outbox'),
    clock: get('clock'),
    config: sundownConfig(),
    newId: get('newId'),
    timerQueue: get('timerQueue'),
    timerIndex: get('timerIndex'),
    alertQueue: get('alertQueue'),
    counters: get('counters'),
    feedback: get('feedback'),
  }),
};

/** Local stack and tests only: swap adapters, or forget built ones after the environment changed. */
export const overrideAdapters = (replacement: Partial<Adapters>): void => {
  Object.assign(overrides, replacement);
};

export const resetAdapters = (): void => {
  for (const key of Object.keys(overrides) as (keyof Adapters)[]) delete overrides[key];
  for (const key of Object.keys(built) as (keyof Adapters)[]) delete built[key];
  deadLetterQueues.clear();
};
