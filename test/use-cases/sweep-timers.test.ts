/**
 * The sweeper against DynamoDB Local and the SQS emulator, on a clock the test holds still and
 * moves by hand: what it hands over, with which delay, and what it leaves for a later run.
 */
import { type Message, ReceiveMessageCommand, type SendMessageBatchRequest, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timerItem } from '../../functions/adapters/dynamodb/items.ts';
import { shardOf } from '../../functions/adapters/dynamodb/table.ts';
import { DynamoTimerIndex } from '../../functions/adapters/dynamodb/timer-index.ts';
import { SqsTimerQueue } from '../../functions/adapters/sqs/timer-queue.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import type { Clock } from '../../functions/ports.ts';
import { type SweepDeps, sweepDueTimers } from '../../functions/use-cases/sweep-timers.ts';
import { freshTable } from '../support/dynamo.ts';
import { startTimerSends } from '../support/timer-sends.ts';

const QUEUES = [
  'delays',
  'lookahead',
  'cursor',
  'resweep',
  'lookback',
  'checkpoint',
  'partial',
  'twice',
  'slow',
  'unstamped',
  'together',
] as const;

/** A clock that stands still until the test moves it. */
class FixedClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

let handOvers: Awaited<ReturnType<typeof startTimerSends>>;
/** DelaySeconds of every timer handed to SQS, by case id: what the sweeper asked for. */
const delays = new Map<string, number[]>();

beforeAll(async () => {
  handOvers = await startTimerSends(QUEUES, ({ caseId, delaySeconds }) =>
    delays.set(caseId, [...(delays.get(caseId) ?? []), delaySeconds]),
  );
});

afterAll(async () => {
  await handOvers?.stop();
});

/** A fresh table and one of the emulator's queues, and a clock stopped at the current second. */
const given = async (queue: (typeof QUEUES)[number]) => {
  const table = await freshTable();
  const queueUrl = handOvers.emulator.queues[queue]?.url ?? '';
  // The emulator delays by the wall clock, so the fixed clock starts at it.
  const clock = new FixedClock(new Date(Math.floor(Date.now() / SECOND) * SECOND));
  const deps: SweepDeps = {
    timerIndex: new DynamoTimerIndex({ client: table.documentClient, tableName: table.tableName }),
    timerQueue: new SqsTimerQueue({ client: handOvers.sqs, queueUrl }),
    clock,
  };
  const start = clock.now().getTime();
  const prefix = queue.toUpperCase();
  let count = 0;
  /**
   * A breach timer due `offsetMs` from the start, written to the due-time index as a writer would
   * at `setAt` (`null`: a timer that carries no setAt, as one planned before the field existed).
   */
  const timerDue = async (
    offsetMs: number,
    setAt: Date | null = new Date(clock.now().getTime() - 5 * MINUTE),
  ): Promise<Timer> => {
    count += 1;
    const dueAt = new Date(start + offsetMs).toISOString();
    const timer: Timer = {
      caseId: `${prefix}${count}`,
      key: `firstResponse:1:breach:${dueAt}`,
      kind: 'breach',
      clock: 'firstResponse',
      generation: 1,
      dueAt,
      ...(setAt && { setAt: setAt.toISOString() }),
    };
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: timerItem(timer) }));
    return timer;
  };
  /** Every message visible on the queue now, deleted from view by the receive. */
  const receive = async (waitSeconds = 0): Promise<Message[]> => {
    const { Messages = [] } = await handOvers.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitSeconds,
        VisibilityTimeout: 300,
        MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateFirstReceiveTimestamp'],
      }),
    );
    return Messages;
  };
  const caseIds = (messages: Message[]) => messages.map((m) => (JSON.parse(m.Body ?? '{}') as Timer).caseId).sort();
  return { deps, clock, timerDue, receive, caseIds, timerIndex: deps.timerIndex };
};

describe('sweepDueTimers', () => {
  it('sends each timer due within the look-ahead delayed to arrive at its deadline or up to a second before, never after', async () => {
    // Prepare
    const { deps, timerDue, receive, caseIds } = await given('delays');
    const now = await timerDue(0);
    const soon = await timerDue(3 * SECOND);
    const later = await timerDue(20 * SECOND);

    // Act
    const result = await sweepDueTimers(deps);

    // Assess: the delays asked for, and the queue honouring them
    expect(result.dispatched).toBe(3);
    // SQS counts whole seconds: rounded down, as the clock moved on a little between the sweep's start and the send.
    expect([now, soon, later].map((t) => delays.get(t.caseId))).toEqual([[0], [2], [19]]);
    expect(caseIds(await receive())).toEqual([now.caseId]);
    const [delayed] = await receive(8);
    expect(caseIds(delayed ? [delayed] : [])).toEqual([soon.caseId]);
    const waited =
      Number(delayed?.Attributes?.ApproximateFirstReceiveTimestamp) - Number(delayed?.Attributes?.SentTimestamp);
    expect(waited).toBeGreaterThanOrEqual(2 * SECOND - 100);
    expect(waited).toBeLessThan(8 * SECOND);
    // About 16 s before its deadline, the 20 s timer is still held back.
    expect(await receive()).toEqual([]);
  });

  it('leaves timers beyond the look-ahead for a later sweep', async () => {
    // Prepare
    const { deps, clock, timerDue, receive, caseIds } = await given('lookahead');
    const near = await timerDue(0);
    const far = await timerDue(5 * MINUTE);

    // Act
    const first = await sweepDueTimers(deps);
    const firstSent = caseIds(await receive());
    clock.advance(3 * MINUTE);
    const second = await sweepDueTimers(deps);

    // Assess
    expect(first.dispatched).toBe(1);
    expect(firstSent).toEqual([near.caseId]);
    expect(second.dispatched).toBe(1);
    // Handed over two minutes before its deadline, and held back until the last whole second before it.
    expect(delays.get(far.caseId)).toEqual([119]);
    expect(await receive()).toEqual([]);
  });

  it('moves the cursor past what it swept and never sends a dispatched timer again', async () => {
    // Prepare
    const { deps, clock, timerDue, receive, caseIds, timerIndex } = await given('cursor');
    const due = await timerDue(0);
    await timerDue(MINUTE);

    // Act
    const first = await sweepDueTimers(deps);
    const cursorAfterFirst = await timerIndex.readCursor();
    const second = await sweepDueTimers(deps);
    clock.advance(MINUTE);
    const third = await sweepDueTimers(deps);
    const cursorAfterThird = await timerIndex.readCursor();

    // Assess
    expect(first.dispatched).toBe(2);
    expect(cursorAfterFirst).toBe(minuteAfter(first.through));
    expect(second.dispatched).toBe(0);
    expect(third.dispatched).toBe(0);
    expect(cursorAfterThird).toBe(minuteAfter(third.through));
    expect(cursorAfterThird).toBe(minuteAfter(cursorAfterFirst ?? ''));
    expect(caseIds(await receive())).toEqual([due.caseId]);
  });

  it('picks up a timer written into an already swept minute but never dispatched', async () => {
    // Prepare: a sweep ran; then a writer stored a deadline a minute ago and crashed before
    // handing it over
    const { deps, clock, timerDue, receive, caseIds, timerIndex } = await given('resweep');
    const swept = await timerDue(-MINUTE);
    await sweepDueTimers(deps);
    expect(caseIds(await receive())).toEqual([swept.caseId]);
    clock.advance(20 * SECOND);
    const missed = await timerDue(-MINUTE, clock.now());
    const cursor = (await timerIndex.readCursor()) ?? '';
    expect(cursor > missed.dueAt.slice(0, 16)).toBe(true);

    // Act
    const result = await sweepDueTimers(deps);

    // Assess: the timer swept before is not sent again
    expect(result.from < missed.dueAt.slice(0, 16)).toBe(true);
    expect(result.dispatched).toBe(1);
    expect(caseIds(await receive())).toEqual([missed.caseId]);
  });

  it('sends again, rather than loses, an undispatched timer without setAt in an already swept minute', async () => {
    // Prepare: a sweep ran; then an escalation's next level without a setAt was stored there
    // and its direct hand-over failed
    const { deps, clock, timerDue, receive, caseIds } = await given('unstamped');
    const swept = await timerDue(-MINUTE);
    await sweepDueTimers(deps);
    expect(caseIds(await receive())).toEqual([swept.caseId]);
    clock.advance(20 * SECOND);
    // In the swept timer's own shard, whose minute has a checkpoint.
    let unstamped = await timerDue(-MINUTE, null);
    while (shardOf(unstamped.caseId) !== shardOf(swept.caseId)) unstamped = await timerDue(-MINUTE, null);

    // Act
    const result = await sweepDueTimers(deps);

    // Assess: it cannot tell whether a sweep saw it, so it is sent (the timer worker fires it once)
    expect(result.dispatched).toBeGreaterThanOrEqual(1);
    expect(caseIds(await receive())).toContain(unstamped.caseId);
  });

  it('looks back an hour on its first run for timers written before any sweep', async () => {
    // Prepare
    const { deps, timerDue, receive, caseIds, timerIndex } = await given('lookback');
    const old = await timerDue(-45 * MINUTE);
    await timerDue(-2 * 60 * MINUTE);

    // Act
    const result = await sweepDueTimers(deps);

    // Assess
    expect(await timerIndex.readCursor()).toBeDefined();
    expect(result.minutes).toBeGreaterThanOrEqual(60);
    expect(result.dispatched).toBe(1);
    expect(caseIds(await receive())).toEqual([old.caseId]);
  });

  it('keeps the progress of a catch-up that fails part-way, so the next run does not start over', async () => {
    // Prepare: the first run's hour-long catch-up meets a failing query 40 minutes in.
    const { deps, timerIndex } = await given('checkpoint');
    const started = Date.parse(`${new Date(deps.clock.now().getTime() - 60 * MINUTE).toISOString().slice(0, 16)}:00Z`);
    let queries = 0;
    const failing: SweepDeps = {
      ...deps,
      timerIndex: {
        ...timerIndex,
        shards: timerIndex.shards,
        readCursor: () => timerIndex.readCursor(),
        writeCursor: (minute, expected) => timerIndex.writeCursor(minute, expected),
        markSwept: (minute, shard, at) => timerIndex.markSwept(minute, shard, at),
        markDispatched: (timers, at) => timerIndex.markDispatched(timers, at),
        cancel: (timers) => timerIndex.cancel(timers),
        readShard: async (minute, shard) => {
          if (shard === 0) queries += 1;
          if (queries === 41) throw new Error('ProvisionedThroughputExceededException');
          return timerIndex.readShard(minute, shard);
        },
      },
    };

    // Act
    await expect(sweepDueTimers(failing)).rejects.toThrow('ProvisionedThroughputExceededException');
    const cursorAfterFailure = await timerIndex.readCursor();
    const retry = await sweepDueTimers(deps);

    // Assess: 30 of the 40 minutes were saved, and the retry starts there.
    expect(cursorAfterFailure).toBe(new Date(started + 30 * MINUTE).toISOString().slice(0, 16));
    expect(retry.from).toBe(cursorAfterFailure);
    expect(retry.minutes).toBeLessThan(40);
  });

  it('sends the minute again on the next run after a failing send, losing no timer and sending none more than twice', async () => {
    // Prepare: forty timers due in the next seconds, over every shard; SQS refuses the third send.
    const { deps, timerDue, receive } = await given('partial');
    const timers = await Promise.all(Array.from({ length: 40 }, (_, i) => timerDue(i * 200)));
    let sends = 0;
    const failingOnce: SweepDeps = {
      ...deps,
      timerQueue: {
        send: async (batch, now) => {
          sends += 1;
          if (sends === 3) throw new Error('SQS unavailable');
          return deps.timerQueue.send(batch, now);
        },
      },
    };

    // Act
    await expect(sweepDueTimers(failingOnce)).rejects.toThrow('SQS unavailable');
    const retry = await sweepDueTimers(deps);
    const third = await sweepDueTimers(deps);

    // Assess: every timer queued, those of the failed run's two sends twice at most; nothing left after the retry
    const received = await receiveAll(receive, 20);
    expect(retry.dispatched).toBeGreaterThan(0);
    expect(third.dispatched).toBe(0);
    expect([...new Set(received)].sort()).toEqual(timers.map((t) => t.caseId).sort());
    expect(Math.max(...timesEach(received).values())).toBeLessThanOrEqual(2);
  });

  it("hands a minute's shards over as one, never two sends at once, and checkpoints every shard", async () => {
    // Prepare: timers due in the coming seconds in every shard, and a queue that takes 100 ms per send
    const { deps, timerDue, receive } = await given('together');
    const timers = await Promise.all(Array.from({ length: 48 }, (_, i) => timerDue(2 * SECOND + i * 90)));
    expect(new Set(timers.map((t) => shardOf(t.caseId))).size).toBe(deps.timerIndex.shards);
    let inFlight = 0;
    let mostInFlight = 0;
    const slow: SweepDeps = {
      ...deps,
      timerQueue: {
        sendsAtOnce: deps.timerQueue.sendsAtOnce,
        send: async (batch, now) => {
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 100));
          try {
            return await deps.timerQueue.send(batch, now);
          } finally {
            inFlight -= 1;
          }
        },
      },
    };

    // Act
    const first = await sweepDueTimers(slow);
    const second = await sweepDueTimers(deps);

    // Assess: one send at a time across the shards; every timer sent once; every shard checkpointed
    expect(mostInFlight).toBe(1);
    expect(first.dispatched).toBe(timers.length);
    expect(second.dispatched).toBe(0);
    expect(await receiveAll(receive, 20)).toEqual(timers.map((t) => t.caseId).sort());
  });

  it('at most duplicates a timer when two sweepers run at once', async () => {
    // Prepare
    const { deps, timerDue, receive, timerIndex } = await given('twice');
    const timers = await Promise.all(Array.from({ length: 30 }, (_, i) => timerDue(i * 200)));

    // Act
    const [one, other] = await Promise.all([sweepDueTimers(deps), sweepDueTimers(deps)]);
    const after = await sweepDueTimers(deps);

    // Assess: each timer sent once or twice, none lost, and nothing left for a later run
    const received = await receiveAll(receive, 20);
    const sentTimes = timesEach(received);
    expect([...sentTimes.keys()].sort()).toEqual(timers.map((t) => t.caseId).sort());
    expect(Math.max(...sentTimes.values())).toBeLessThanOrEqual(2);
    expect(one.dispatched + other.dispatched).toBe(received.length);
    expect(after.dispatched).toBe(0);
    expect(await timerIndex.readCursor()).toBe(minuteAfter(after.through));
  });
});

describe('SqsTimerQueue', () => {
  it('counts each delay from when its batch is sent, so a long hand-over does not make the last timers late', async () => {
    // Prepare: SQS takes 700 ms per call; 480 timers all due 20 s from now (three rounds of 16 calls).
    const slowSqs = new SQSClient({
      region: 'us-east-1',
      endpoint: handOvers.emulator.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    const asked: number[] = [];
    slowSqs.middlewareStack.add(
      (next) => async (args) => {
        const { Entries = [] } = args.input as SendMessageBatchRequest;
        asked.push(...Entries.map((entry) => entry.DelaySeconds ?? 0));
        await new Promise((resolve) => setTimeout(resolve, 700));
        return next(args);
      },
      { step: 'initialize', name: 'slowSqs' },
    );
    const now = new Date();
    const dueAt = new Date(now.getTime() + 20 * SECOND).toISOString();
    const timers: Timer[] = Array.from({ length: 480 }, (_, i) => ({
      caseId: `SLOW${i}`,
      key: `firstResponse:1:breach:${dueAt}`,
      kind: 'breach',
      clock: 'firstResponse',
      generation: 1,
      dueAt,
    }));

    // Act
    await new SqsTimerQueue({ client: slowSqs, queueUrl: handOvers.emulator.queues.slow?.url ?? '' }).send(timers, now);
    slowSqs.destroy();

    // Assess: the first round waits the whole seconds left of 20 s, the last at least 1.4 s less
    expect(asked).toHaveLength(480);
    expect(asked[0]).toBe(19);
    expect(Math.min(...asked)).toBeLessThan(19);
    expect(Math.min(...asked)).toBeGreaterThanOrEqual(14);
  });
});

/** Case ids of every message received until the queue stays empty, waiting up to `seconds` in all. */
const receiveAll = async (receive: (wait?: number) => Promise<Message[]>, seconds: number): Promise<string[]> => {
  const ids: string[] = [];
  const until = Date.now() + seconds * SECOND;
  let quiet = 0;
  while (Date.now() < until && quiet < 2) {
    const messages = await receive(1);
    quiet = messages.length === 0 && ids.length > 0 ? quiet + 1 : 0;
    ids.push(...messages.map((m) => (JSON.parse(m.Body ?? '{}') as Timer).caseId));
  }
  return ids.sort();
};

/** `YYYY-MM-DDTHH:MM` one minute on. */
/** How many times each case id was received. */
const timesEach = (caseIds: readonly string[]): Map<string, number> => {
  const times = new Map<string, number>();
  for (const caseId of caseIds) times.set(caseId, (times.get(caseId) ?? 0) + 1);
  return times;
};

const minuteAfter = (minute: string): string =>
  new Date(Date.parse(`${minute}:00Z`) + MINUTE).toISOString().slice(0, 16);
