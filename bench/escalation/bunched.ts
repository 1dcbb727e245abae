/**
 * Bunched deadlines: N timers due in the same minute, from the due-time index to the timer queue.
 * A fresh table is filled with them three minutes ahead; once their minute enters the look-ahead
 * the real sweeper (real clock, DynamoTimerIndex, SqsTimerQueue) hands them over in one run while
 * 16 receivers read the timer queue as the timer worker's pollers would. Lateness here is when
 * the timer worker would fire each timer − its deadline: the message's arrival, or its deadline for
 * one that arrived early by no more than the worker holds (delays are whole seconds, rounded
 * down). The sweeper's and SQS's share, not the alert worker's, which on this machine delivers
 * about 55 alerts/s where 40,000 in a minute asks for about 670/s.
 */
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoTimerIndex } from '../../functions/adapters/dynamodb/timer-index.ts';
import { SqsTimerQueue } from '../../functions/adapters/sqs/timer-queue.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { holdUntilDue } from '../../functions/handlers/timers.sqs.ts';
import { sweepDueTimers } from '../../functions/use-cases/sweep-timers.ts';
import { createCaseTable } from '../../local/create-table.ts';
import { sleep } from '../support/figures.ts';
import { fill, timersDueIn, withLocalParts } from './sweeper-throughput.ts';

export interface BunchedFigures {
  readonly timers: number;
  readonly sweepMs: number;
  readonly dispatched: number;
  readonly secondSweep: number;
  readonly received: number;
  readonly duplicates: number;
  /** Received − deadline of each timer's first message, ms, sorted (negative: early). */
  readonly arrivals: readonly number[];
  /** When the timer worker would fire it − deadline, ms, sorted: an early arrival is held until its deadline. */
  readonly lateness: readonly number[];
}

const MINUTE = 60_000;
const RECEIVERS = 16;
/** Receiving stops this long after the last deadline, whatever is still missing. */
const DRAIN_MS = 30_000;

export const measureBunched = (size: number, progress: (line: string) => void): Promise<BunchedFigures> =>
  withLocalParts(['bunched'], async ({ client, documentClient, sqs, queueUrl }) => {
    const tableName = 'sundown-bunched-bench';
    await createCaseTable(client, tableName);
    const dueMinute = Math.floor(Date.now() / MINUTE) * MINUTE + 3 * MINUTE;
    const timers = timersDueIn(size, dueMinute);
    progress(`writing ${size} timers due at ${new Date(dueMinute).toISOString().slice(11, 16)} UTC`);
    await fill(documentClient, tableName, timers);
    const index = new DynamoTimerIndex({ client: documentClient, tableName });
    const queue = new SqsTimerQueue({ client: sqs, queueUrl: queueUrl('bunched') });
    const clock = { now: () => new Date() };
    // As the scheduled sweeper would: its previous run left the cursor at the current minute.
    const waitUntil = dueMinute - 2 * MINUTE + 1_000;
    await sleep(Math.max(0, waitUntil - Date.now()));
    await index.writeCursor(new Date(Date.now()).toISOString().slice(0, 16), undefined);

    const arrivals = new Map<string, { readonly timer: Timer; readonly at: number }>();
    let duplicates = 0;
    const lastDue = dueMinute + MINUTE;
    const receiver = async () => {
      while (arrivals.size < size && Date.now() < lastDue + DRAIN_MS) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl('bunched'),
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            VisibilityTimeout: 900,
          }),
        );
        const at = Date.now();
        for (const message of Messages) {
          const timer = JSON.parse(message.Body ?? '{}') as Timer;
          if (arrivals.has(timer.key)) duplicates += 1;
          else arrivals.set(timer.key, { timer, at });
        }
      }
    };
    const receiving = Promise.all(Array.from({ length: RECEIVERS }, receiver));
    progress('sweeping');
    const start = performance.now();
    const result = await sweepDueTimers({ timerIndex: index, timerQueue: queue, clock });
    const sweepMs = performance.now() - start;
    const again = await sweepDueTimers({ timerIndex: index, timerQueue: queue, clock });
    progress(`swept ${result.dispatched} in ${Math.round(sweepMs)} ms; receiving until they are all due`);
    await receiving;
    return {
      timers: size,
      sweepMs,
      dispatched: result.dispatched,
      secondSweep: again.dispatched,
      received: arrivals.size,
      duplicates,
      arrivals: [...arrivals.values()].map(({ timer, at }) => at - Date.parse(timer.dueAt)).sort((a, b) => a - b),
      lateness: [...arrivals.values()]
        .map(({ timer, at }) => at + holdUntilDue(timer, new Date(at)) - Date.parse(timer.dueAt))
        .sort((a, b) => a - b),
    };
  });
