/**
 * The composition root: builds each adapter once per cold start from validated settings.
 * The local stack and tests may replace an adapter before the first call (e.g. the
 * recorded in-process event bus), never after.
 */
import { monotonicFactory } from 'ulid';
import { requireSetting, sundownConfig } from '../config/settings.ts';
import type {
  AlertQueue,
  CaseStore,
  Claims,
  Clock,
  EventPublisher,
  IntakeQueue,
  TimerIndex,
  TimerQueue,
} from '../ports.ts';
import { dynamoDocumentClient, eventBridge, sqs } from './aws-clients.ts';
import { DynamoCaseStore } from './dynamodb/case-store.ts';
import { DynamoClaims } from './dynamodb/claims.ts';
import { DynamoTimerIndex } from './dynamodb/timer-index.ts';
import { EventBridgePublisher } from './eventbridge/event-publisher.ts';
import { SqsAlertQueue } from './sqs/alert-queue.ts';
import { DeadLetters } from './sqs/dead-letters.ts';
import { SqsIntakeQueue } from './sqs/intake-queue.ts';
import { SqsTimerQueue } from './sqs/timer-queue.ts';

interface Adapters {
  store: CaseStore;
  publisher: EventPublisher;
  intakeQueue: IntakeQueue;
  timerIndex: TimerIndex;
  timerQueue: TimerQueue;
  alertQueue: AlertQueue;
  claims: Claims;
  clock: Clock;
  newId: () => string;
}

const overrides: Partial<Adapters> = {};
const built: Partial<Adapters> = {};
const deadLetterQueues = new Map<string, DeadLetters>();

const factories: { [K in keyof Adapters]: () => Adapters[K] } = {
  store: () => new DynamoCaseStore({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') }),
  publisher: () => new EventBridgePublisher({ client: eventBridge(), busName: requireSetting('EVENT_BUS_NAME') }),
  intakeQueue: () => new SqsIntakeQueue({ client: sqs(), queueUrl: requireSetting('INTAKE_QUEUE_URL') }),
  timerIndex: () => new DynamoTimerIndex({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') }),
  timerQueue: () => new SqsTimerQueue({ client: sqs(), queueUrl: requireSetting('TIMER_QUEUE_URL') }),
  alertQueue: () => new SqsAlertQueue({ client: sqs(), queueUrl: requireSetting('ALERT_QUEUE_URL') }),
  claims: () =>
    new DynamoClaims({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME'), clock: get('clock') }),
  clock: () => ({ now: () => new Date() }),
  newId: () => monotonicFactory(),
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
  intakeQueue: () => get('intakeQueue'),
  timerIndex: () => get('timerIndex'),
  timerQueue: () => get('timerQueue'),
  alertQueue: () => get('alertQueue'),
  claims: () => get('claims'),
  clock: () => get('clock'),
  newId: () => get('newId'),
  config: sundownConfig,
  deadLetters: (setting: DeadLetterSetting): DeadLetters => {
    let queue = deadLetterQueues.get(setting);
    if (!queue) {
      queue = new DeadLetters({ client: sqs(), queueUrl: requireSetting(setting) });
      deadLetterQueues.set(setting, queue);
    }
    return queue;
  },
  /** Everything the intake processor's use case needs. */
  ingestDeps: () => ({
    store: get('store'),
    publisher: get('publisher'),
    clock: get('clock'),
    config: sundownConfig(),
    newId: get('newId'),
    timerQueue: get('timerQueue'),
    timerIndex: get('timerIndex'),
    alertQueue: get('alertQueue'),
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
