import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Timer } from '../../domain/sla/types.ts';
import type { TimerQueue } from '../../ports.ts';
import { sendBatch } from './send-batch.ts';

/** SQS holds a message back at most 15 minutes; the sweeper never looks further ahead than that. */
const MAX_DELAY_SECONDS = 900;

/** Sends each timer with DelaySeconds so it reaches the worker at its deadline, not at the next sweep. */
export class SqsTimerQueue implements TimerQueue {
  constructor(private readonly deps: { readonly client: SQSClient; readonly queueUrl: string }) {}

  send(timers: readonly Timer[], now: Date): Promise<void> {
    const entries = timers.map((timer) => ({
      MessageBody: JSON.stringify(timer),
      DelaySeconds: Math.min(
        MAX_DELAY_SECONDS,
        Math.max(0, Math.ceil((Date.parse(timer.dueAt) - now.getTime()) / 1000)),
      ),
    }));
    return sendBatch(this.deps.client, this.deps.queueUrl, entries, 'timers');
  }
}
