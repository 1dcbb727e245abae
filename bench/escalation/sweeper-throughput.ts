/**
 * Sweeper throughput: how fast one sweep hands a minute full of due timers to the timer queue.
 * A fresh table on its own DynamoDB Local is filled with N timers due in one minute inside the
 * look-ahead; sweepDueTimers then runs once against the real DynamoTimerIndex and SqsTimerQueue
 * (on the SQS emulator) and is timed, each port call on its own too (summed over the shards,
 * which run in parallel). A second sweep must find nothing left, and the queue must hold exactly
 * N delayed messages.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { timerItem } from '../../functions/adapters/dynamodb/items.ts';
import { DynamoTimerIndex } from '../../functions/adapters/dynamodb/timer-index.ts';
import { SqsTimerQueue } from '../../functions/adapters/sqs/timer-queue.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import type { TimerIndex } from '../../functions/ports.ts';
import { sweepDueTimers } from '../../functions/use-cases/sweep-timers.ts';
import { createCaseTable } from '../../local/create-table.ts';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { startSqsEmulator } from '../../local/sqs-emulator.ts';
import { mapLimit } from '../support/figures.ts';

export interface SweepFigures {
  readonly timers: number;
  readonly dispatched: number;
  readonly queued: number;
  readonly secondSweep: number;
  readonly elapsedMs: number;
  readonly listMs: number;
  readonly sendMs: number;
  readonly markMs: number;
}

export const REGION = 'us-east-1';
export const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const timed = <A extends unknown[], R>(work: (...args: A) => Promise<R>, add: (ms: number) => void) => {
  return async (...args: A): Promise<R> => {
    const start = performance.now();
    try {
      return await work(...args);
    } finally {
      add(performance.now() - start);
    }
  };
};

/** N breach timers due across the minute that starts a minute after `now`. */
const timersDueNextMinute = (count: number, now: Date): Timer[] =>
  timersDueIn(count, Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);

/** N breach timers due evenly across the minute starting at `minuteStart` (ms), written well before. */
export const timersDueIn = (count: number, minuteStart: number): Timer[] => {
  const setAt = new Date(minuteStart - 10 * 60_000).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const dueAt = new Date(minuteStart + Math.floor((i * 60_000) / count)).toISOString();
    const caseId = `sweep-bench-${String(i).padStart(6, '0')}`;
    return {
      caseId,
      key: `firstResponse:1:breach:${dueAt}`,
      kind: 'breach',
      clock: 'firstResponse',
      generation: 1,
      dueAt,
      setAt,
    };
  });
};

export const fill = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  timers: readonly Timer[],
): Promise<void> => {
  const batches = Array.from({ length: Math.ceil(timers.length / 25) }, (_, i) => timers.slice(i * 25, i * 25 + 25));
  await mapLimit(batches, 8, async (batch) => {
    let requests = batch.map((timer) => ({ PutRequest: { Item: timerItem(timer) } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 10) throw new Error('DynamoDB Local kept returning unprocessed items');
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
};

export const queueDepth = async (sqs: SQSClient, queueUrl: string): Promise<number> => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
};

/** Untimed first round: a fresh DynamoDB Local (a JVM) is several times slower until it warms up. */
const WARM_UP_TIMERS = 1_000;

export interface LocalParts {
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly queueUrl: (name: string) => string;
}

/** A DynamoDB Local and an SQS emulator with these queues, for as long as `work` runs. */
export const withLocalParts = async <T>(queueNames: readonly string[], work: (parts: LocalParts) => Promise<T>) => {
  const dynamo = await startDynamoDbLocal();
  const emulator = await startSqsEmulator({ queueNames, region: REGION });
  const client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials });
  // Configured like the production client in functions/adapters/aws-clients.ts.
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const sqs = new SQSClient({ region: REGION, endpoint: emulator.endpoint, credentials, useQueueUrlAsEndpoint: false });
  try {
    return await work({ client, documentClient, sqs, queueUrl: (name) => emulator.queues[name]?.url ?? '' });
  } finally {
    sqs.destroy();
    client.destroy();
    await emulator.stop();
    await dynamo.stop();
  }
};

export const measureSweeper = (sizes: readonly number[]): Promise<SweepFigures[]> => {
  const rounds = [WARM_UP_TIMERS, ...sizes];
  return withLocalParts(
    rounds.map((_, i) => `timers-${i}`),
    async ({ client, documentClient, sqs, queueUrl: urlOf }) => {
      const figures: SweepFigures[] = [];
      for (const [i, size] of rounds.entries()) {
        const queueUrl = urlOf(`timers-${i}`);
        const tableName = `sundown-sweep-bench-${i}`;
        await createCaseTable(client, tableName);
        // A clock that stands still, so the filled minute is inside the look-ahead however long filling takes.
        const now = new Date();
        const clock = { now: () => now };
        await fill(documentClient, tableName, timersDueNextMinute(size, now));
        const index = new DynamoTimerIndex({ client: documentClient, tableName });
        // Steady state: the previous sweep left the cursor at the current minute.
        await index.writeCursor(
          new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString().slice(0, 16),
          undefined,
        );
        let listMs = 0;
        let markMs = 0;
        let sendMs = 0;
        const timerIndex: TimerIndex = {
          shards: index.shards,
          readShard: timed(
            (minute: string, shard: number) => index.readShard(minute, shard),
            (ms) => (listMs += ms),
          ),
          markSwept: timed(
            (minute: string, shard: number, at: string) => index.markSwept(minute, shard, at),
            (ms) => (markMs += ms),
          ),
          markDispatched: (timers, at) => index.markDispatched(timers, at),
          cancel: (timers) => index.cancel(timers),
          readCursor: () => index.readCursor(),
          writeCursor: (minute, expected) => index.writeCursor(minute, expected),
        };
        const queue = new SqsTimerQueue({ client: sqs, queueUrl });
        const timerQueue = {
          send: timed(
            (timers: readonly Timer[], at: Date) => queue.send(timers, at),
            (ms) => (sendMs += ms),
          ),
        };
        const start = performance.now();
        const result = await sweepDueTimers({ timerIndex, timerQueue, clock });
        const elapsedMs = performance.now() - start;
        const again = await sweepDueTimers({ timerIndex: index, timerQueue: queue, clock });
        figures.push({
          timers: size,
          dispatched: result.dispatched,
          queued: await queueDepth(sqs, queueUrl),
          secondSweep: again.dispatched,
          elapsedMs,
          listMs,
          sendMs,
          markMs,
        });
      }
      return figures.slice(1);
    },
  );
};
