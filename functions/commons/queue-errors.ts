/** What a queue adapter raises when a send cannot be stored whole; callers decide what to answer. */
import { SundownError } from './errors.ts';

/** A message is larger than its queue takes, even compressed; nothing of its send was queued. */
export class MessageTooLargeError extends SundownError {
  constructor(
    readonly label: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(`${label} is ${bytes} bytes on the queue, more than its ${limitBytes}-byte message limit`);
  }
}

/** SQS did not store every message of a send; `stored` of `total` were queued before it stopped. */
export class QueueSendError extends SundownError {
  constructor(
    readonly what: string,
    readonly stored: number,
    readonly total: number,
    readonly reasons: readonly string[],
  ) {
    super(`SQS stored ${stored} of ${total} ${what}: ${reasons.slice(0, 3).join('; ')}`);
  }
}
