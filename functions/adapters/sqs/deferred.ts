/**
 * The SQS adapters of functions that send on few of their calls, whose SQS client loads with the
 * first message rather than at cold start: the dead-letter queues (a message is parked only when
 * it can never succeed), and the timer and alert queues of the writers that queue only when a
 * deadline is near or a case calls for people (intake, the cases API, the console, the actions).
 */
import { onceLoaded } from '../../commons/once.ts';
import type { AlertQueue, DeadLetterQueue, TimerQueue } from '../../ports.ts';

const client = async () => (await import('./client.ts')).sqs();

export const deferredAlertQueue = (queueUrl: string): AlertQueue => {
  const queue = onceLoaded(async () => {
    const { SqsAlertQueue } = await import('./alert-queue.ts');
    return new SqsAlertQueue({ client: await client(), queueUrl });
  });
  return {
    send: async (jobs) => (await queue()).send(jobs),
    sendNotices: async (notices) => (await queue()).sendNotices(notices),
  };
};

export const deferredTimerQueue = (queueUrl: string): TimerQueue => {
  const queue = onceLoaded(async () => {
    const { SqsTimerQueue } = await import('./timer-queue.ts');
    return new SqsTimerQueue({ client: await client(), queueUrl });
  });
  return {
    // Delays are counted from `now`: the time the first send spent loading is added, as SqsTimerQueue adds its own.
    send: async (timers, now) => {
      const started = performance.now();
      const loaded = await queue();
      return loaded.send(timers, new Date(now.getTime() + (performance.now() - started)));
    },
  };
};

export const deferredDeadLetters = (queueUrl: string): DeadLetterQueue => {
  const queue = onceLoaded(async () => {
    const { DeadLetters } = await import('./dead-letters.ts');
    return new DeadLetters({ client: await client(), queueUrl });
  });
  return { park: async (body, reason, origin) => (await queue()).park(body, reason, origin) };
};
