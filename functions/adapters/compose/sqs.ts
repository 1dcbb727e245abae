/** The queues: intake, timers, alerts and their dead-letter queues, all on one SQS client. */
import { requireSetting } from '../../config/settings.ts';
import type { AlertQueue, IntakeQueue, TimerQueue } from '../../ports.ts';
import { onReset, resolve } from '../registry.ts';
import { SqsAlertQueue } from '../sqs/alert-queue.ts';
import { sqs } from '../sqs/client.ts';
import { DeadLetters } from '../sqs/dead-letters.ts';
import { SqsIntakeQueue } from '../sqs/intake-queue.ts';
import { SqsTimerQueue } from '../sqs/timer-queue.ts';

export const intakeQueue = (): IntakeQueue =>
  resolve('intakeQueue', () => new SqsIntakeQueue({ client: sqs(), queueUrl: requireSetting('INTAKE_QUEUE_URL') }));

export const timerQueue = (): TimerQueue =>
  resolve('timerQueue', () => new SqsTimerQueue({ client: sqs(), queueUrl: requireSetting('TIMER_QUEUE_URL') }));

export const alertQueue = (): AlertQueue =>
  resolve('alertQueue', () => new SqsAlertQueue({ client: sqs(), queueUrl: requireSetting('ALERT_QUEUE_URL') }));

export type DeadLetterSetting = 'INTAKE_DLQ_URL' | 'TIMER_DLQ_URL' | 'ALERT_DLQ_URL';

const deadLetterQueues = new Map<DeadLetterSetting, DeadLetters>();
onReset(() => deadLetterQueues.clear());

export const deadLetters = (setting: DeadLetterSetting): DeadLetters => {
  let queue = deadLetterQueues.get(setting);
  if (!queue) {
    queue = new DeadLetters({ client: sqs(), queueUrl: requireSetting(setting) });
    deadLetterQueues.set(setting, queue);
  }
  return queue;
};
