/**
 * The parts the composition roots (this folder, one per function) build from: plain constructor
 * calls over the settings and the shared AWS clients, each unless the root was handed a substitute
 * (core.ts). A root calls only the ones its function needs. A part named `...OnFirstUse` loads its
 * AWS client with its first call instead of at cold start: for a function that needs it on few calls.
 */
import { dynamoDocumentClient } from '../adapters/aws-clients.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoClaims } from '../adapters/dynamodb/claims.ts';
import { DynamoLinkLedger } from '../adapters/dynamodb/link-ledger.ts';
import { DynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { DynamoTimerIndex } from '../adapters/dynamodb/timer-index.ts';
import { eventBridge } from '../adapters/eventbridge/client.ts';
import { deferredEventBridgePublisher } from '../adapters/eventbridge/deferred-publisher.ts';
import { EventBridgePublisher } from '../adapters/eventbridge/event-publisher.ts';
import { meteredCaseStore } from '../adapters/metrics/metered-case-store.ts';
import { SecretReader, type SecretReaderOptions } from '../adapters/secrets.ts';
import { SqsAlertQueue } from '../adapters/sqs/alert-queue.ts';
import { sqs } from '../adapters/sqs/client.ts';
import { deferredAlertQueue, deferredDeadLetters, deferredTimerQueue } from '../adapters/sqs/deferred.ts';
import { SqsTimerQueue } from '../adapters/sqs/timer-queue.ts';
import { requireSetting } from '../config/settings.ts';
import type {
  AlertQueue,
  CaseStore,
  Claims,
  Clock,
  DeadLetterQueue,
  EventPublisher,
  LinkLedger,
  MetricsRecorder,
  Outbox,
  Secrets,
  TimerIndex,
  TimerQueue,
} from '../ports.ts';
import type { Substitutes } from './core.ts';

export { type Core, core, type Substitutes, writePace } from './core.ts';

export const table = () => ({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') });

/** Counts cases opened, answered and resolved as it writes them (metered-case-store.ts). */
export const caseStore = (substitutes: Substitutes, metrics: MetricsRecorder): CaseStore =>
  substitutes.store ?? meteredCaseStore(new DynamoCaseStore(table()), metrics);

export const outbox = (): Outbox => new DynamoOutbox(table());

export const timerIndex = (): TimerIndex => new DynamoTimerIndex(table());

export const publisher = (substitutes: Substitutes): EventPublisher =>
  substitutes.publisher ??
  new EventBridgePublisher({ client: eventBridge(), busName: requireSetting('EVENT_BUS_NAME') });

export const publisherOnFirstUse = (substitutes: Substitutes): EventPublisher =>
  substitutes.publisher ?? deferredEventBridgePublisher(requireSetting('EVENT_BUS_NAME'));

export const timerQueue = (substitutes: Substitutes): TimerQueue =>
  substitutes.timerQueue ?? new SqsTimerQueue({ client: sqs(), queueUrl: requireSetting('TIMER_QUEUE_URL') });

export const timerQueueOnFirstUse = (substitutes: Substitutes): TimerQueue =>
  substitutes.timerQueue ?? deferredTimerQueue(requireSetting('TIMER_QUEUE_URL'));

export const alertQueue = (substitutes: Substitutes): AlertQueue =>
  substitutes.alertQueue ?? new SqsAlertQueue({ client: sqs(), queueUrl: requireSetting('ALERT_QUEUE_URL') });

export const alertQueueOnFirstUse = (substitutes: Substitutes): AlertQueue =>
  substitutes.alertQueue ?? deferredAlertQueue(requireSetting('ALERT_QUEUE_URL'));

/** Parking is rare in every consumer: SQS loads with the first message parked. */
export const deadLetterQueue = (
  substitutes: Substitutes,
  setting: 'INTAKE_DLQ_URL' | 'TIMER_DLQ_URL' | 'ALERT_DLQ_URL',
): DeadLetterQueue => substitutes.deadLetters ?? deferredDeadLetters(requireSetting(setting));

export const claims = (substitutes: Substitutes, clock: Clock): Claims =>
  substitutes.claims ?? new DynamoClaims({ ...table(), clock });

export const linkLedger = (substitutes: Substitutes, clock: Clock, newId: () => string): LinkLedger =>
  substitutes.linkLedger ?? new DynamoLinkLedger({ ...table(), clock, newId });

/** The secrets port over Secrets Manager or the environment. */
export const secrets = (substitutes: Substitutes, options: SecretReaderOptions = {}): Secrets =>
  substitutes.secrets ?? new SecretReader(options);
