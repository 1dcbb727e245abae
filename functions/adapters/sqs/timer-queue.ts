import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Timer } from '../../domain/sla/types.ts';
import type { TimerQueue } from '../../ports.ts';
import { SEND_CONCURRENCY, sendBatch } from './send-batch.ts';

/** SQS holds a message back at most 15 minutes; the sweeper never looks further ahead than that. */
const MAX_DELAY_SECONDS = 900;
/** One round of batch calls in flight: each round's delays are worked out just before it is sent. */
const ROUND = 10 * SEND_CONCURRENCY;

/**
 * Sends each timer with DelaySeconds so it reaches the worker at its deadline, not at the next sweep.
 * SQS counts whole seconds: rounded down, a timer arrives up to a second early, and the worker holds
 * it until its deadline (handlers/timers.sqs.ts), where rounded up it would fire up to a second late.
 */
export class SqsTimerQueue implements TimerQueue {
  readonly sendsAtOnce = ROUND;

  constructor(private readonly deps: { readonly client: SQSClient; readonly queueUrl: string }) {}

  /**
   * Forty thousand timers take SQS several seconds to take in: a delay counted from `now` alone
   * would make the last of them late by that long, so the time spent sending is added to it.
   */
  async send(timers: readonly Timer[], now: Date): Promise<void> {
    const started = performance.now();
    for (let start = 0; start < timers.length; start += ROUND) {
      const sendingAt = now.getTime() + (performance.now() - started);
      const entries = timers.slice(start, start + ROUND).map((timer) => ({
        MessageBody: JSON.stringify(timer),
        DelaySeconds: Math.min(
          MAX_DELAY_SECONDS,
          Math.max(0, Math.floor((Date.parse(timer.dueAt) - sendingAt) / 1000)),
        ),
      }));
      await sendBatch(this.deps.client, this.deps.queueUrl, entries, 'timers');
    }
  }
}
