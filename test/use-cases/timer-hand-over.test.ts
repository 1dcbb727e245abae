/**
 * The sweeper hands each timer over when the clock's fraction of a second lines up with its
 * deadline's, so SQS's whole-second delay makes it visible just before the deadline instead of up
 * to a second before (which holds the timer worker's batch until then).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { timerItem } from '../../functions/adapters/dynamodb/items.ts';
import { DynamoTimerIndex } from '../../functions/adapters/dynamodb/timer-index.ts';
import { SqsTimerQueue } from '../../functions/adapters/sqs/timer-queue.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { sweepDueTimers } from '../../functions/use-cases/sweep-timers.ts';
import {
  HAND_OVER_AT_MOST_MS,
  HAND_OVER_STEP_MS,
  handOverOnTheirSecond,
  untilHandOver,
} from '../../functions/use-cases/timer-dispatch.ts';
import { freshTable } from '../support/dynamo.ts';
import { startTimerSends } from '../support/timer-sends.ts';

/** When a timer sent `offsetMs` from now with the delay SQS is asked for becomes visible, from now. */
const visibleAt = (aheadMs: number, offsetMs: number): number =>
  offsetMs + Math.max(0, Math.floor((aheadMs - offsetMs) / 1000)) * 1000;

describe('handing a timer over on its second', () => {
  it('sends every timer due a second or more ahead at a moment that makes it visible less than 0.15 s before its deadline', () => {
    // Prepare: deadlines at every few milliseconds' fraction of a second, 1 to 6 s ahead
    const aheads = Array.from({ length: 715 }, (_, i) => 1_000 + i * 7);

    // Act
    const early = aheads.map((ahead) => ahead - visibleAt(ahead, untilHandOver(ahead)));

    // Assess: never late, and at most one round's step (plus its lead) early; sent at once, up to a second
    expect(Math.min(...early)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...early)).toBeLessThan(HAND_OVER_STEP_MS + 50);
    expect(Math.max(...aheads.map((ahead) => ahead - visibleAt(ahead, 0)))).toBeGreaterThan(900);
  });

  it('sends at once a timer that is due or overdue, and within the coming second one due in it', () => {
    // Act
    const offsets = [-60_000, -1, 0, 10, 500, 999].map(untilHandOver);

    // Assess
    expect(offsets.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(offsets[4]).toBeLessThanOrEqual(500);
    expect(offsets[5]).toBeLessThanOrEqual(999);
    expect(Math.max(...offsets)).toBeLessThan(1_000);
  });
});

describe('handOverOnTheirSecond', () => {
  it('sends one round at a time, so a slow round delays the next instead of queueing beside it', async () => {
    // Prepare: deadlines at ten fractions of a second 5 s ahead, and a queue that takes 250 ms per send
    const start = Date.now();
    const timers: Timer[] = Array.from({ length: 10 }, (_, i) => {
      const dueAt = new Date(start + 5_000 + i * HAND_OVER_STEP_MS).toISOString();
      return { caseId: `ROUND${i}`, key: `k${i}`, kind: 'breach', clock: 'firstResponse', generation: 1, dueAt };
    });
    let inFlight = 0;
    let mostInFlight = 0;
    const sent: string[] = [];
    const timerQueue = {
      send: async (round: readonly Timer[]) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 250));
        sent.push(...round.map((t) => t.caseId));
        inFlight -= 1;
      },
    };

    // Act
    await handOverOnTheirSecond(timers, { timerQueue, clock: { now: () => new Date(start) } });

    // Assess: every timer sent once, never two rounds at once
    expect(sent.sort()).toEqual(timers.map((t) => t.caseId).sort());
    expect(mostInFlight).toBe(1);
  });
});

/** A queue that takes `sendMs` per send, noting when each timer would become visible against its deadline. */
const slowQueue = (sendMs: number, atOnce?: number) => {
  const early: number[] = [];
  const sizes: number[] = [];
  return {
    early,
    sizes,
    timerQueue: {
      sendsAtOnce: atOnce,
      send: async (round: readonly Timer[], now: Date) => {
        sizes.push(round.length);
        for (const timer of round) {
          const ahead = Date.parse(timer.dueAt) - now.getTime();
          early.push(ahead - Math.max(0, Math.floor(ahead / 1000)) * 1000);
        }
        await new Promise((resolve) => setTimeout(resolve, sendMs));
      },
    },
  };
};

const dueIn = (start: number, aheads: readonly number[]): Timer[] =>
  aheads.map((ahead, i) => ({
    caseId: `DUE${i}`,
    key: `k${i}`,
    kind: 'breach',
    clock: 'firstResponse',
    generation: 1,
    dueAt: new Date(start + ahead).toISOString(),
  }));

describe('handOverOnTheirSecond when sends are slow', () => {
  it('holds a timer whose moment a slow send carried past until the same moment of the next second', async () => {
    // Prepare: deadlines at ten fractions of a second 5 s ahead, and a queue that takes 250 ms per
    // send: sent one round after the other, the later rounds would miss their moments
    const start = Date.now();
    const queue = slowQueue(250);
    const timers = dueIn(
      start,
      Array.from({ length: 10 }, (_, i) => 5_000 + i * HAND_OVER_STEP_MS),
    );

    // Act
    await handOverOnTheirSecond(timers, { timerQueue: queue.timerQueue, clock: { now: () => new Date(start) } });

    // Assess: every timer visible at most a step and the lead before its deadline, never after it
    expect(queue.early).toHaveLength(timers.length);
    expect(Math.min(...queue.early)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...queue.early)).toBeLessThanOrEqual(HAND_OVER_STEP_MS + 50);
  });

  it('sends at most sendsAtOnce a send, the nearest moments first, and lines up those that wait', async () => {
    // Prepare: 30 timers whose moments all fall in one step, 3 s ahead, and a queue taking 10 a send
    const start = Date.now();
    const queue = slowQueue(30, 10);
    const timers = dueIn(
      start,
      Array.from({ length: 30 }, (_, i) => 3_000 + 400 + i),
    );

    // Act
    await handOverOnTheirSecond(timers, { timerQueue: queue.timerQueue, clock: { now: () => new Date(start) } });

    // Assess: three sends of ten, none visible after its deadline or more than a step and the lead before
    expect(queue.sizes).toEqual([10, 10, 10]);
    expect(Math.min(...queue.early)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...queue.early)).toBeLessThanOrEqual(HAND_OVER_STEP_MS + 50);
  });

  it('sends what is left at once after HAND_OVER_AT_MOST_MS, rather than waiting a second after every send', async () => {
    // Prepare: on fake timers, 20 timers a minute ahead due at one fraction of a second, and a queue
    // taking 1.2 s for each send of one: every send carries the others past their moment
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const start = Date.now();
      const sent: number[] = [];
      const timerQueue = {
        sendsAtOnce: 1,
        send: async (round: readonly Timer[], now: Date) => {
          for (const timer of round) sent.push(Date.parse(timer.dueAt) - now.getTime());
          vi.advanceTimersByTime(1_200);
        },
      };
      const timers = dueIn(
        start,
        Array.from({ length: 20 }, () => 60_000 + 500),
      );
      const began = performance.now();

      // Act
      const handOver = handOverOnTheirSecond(timers, { timerQueue, clock: { now: () => new Date(start) } });
      await vi.runAllTimersAsync();
      await handOver;

      // Assess: all sent, none late, in at most the limit and the sends' own time (waiting a
      // second after each send would take 20 s more)
      expect(sent).toHaveLength(timers.length);
      expect(Math.min(...sent)).toBeGreaterThan(0);
      expect(performance.now() - began).toBeLessThanOrEqual(HAND_OVER_AT_MOST_MS + 20 * 1_200 + 1_000);
    } finally {
      vi.useRealTimers();
    }
  });
});

let handOvers: Awaited<ReturnType<typeof startTimerSends>>;
/** Each timer's wall-clock send and the delay asked for, by case id. */
const sends = new Map<string, { readonly at: number; readonly delaySeconds: number }>();

beforeAll(async () => {
  handOvers = await startTimerSends(['phases'], ({ caseId, at, delaySeconds }) =>
    sends.set(caseId, { at, delaySeconds }),
  );
});

afterAll(async () => {
  await handOvers?.stop();
});

describe('sweepDueTimers on the wall clock', () => {
  it('makes timers due at any fraction of a second visible just before their deadlines, not up to a second before', async () => {
    // Prepare: four deadlines 4 s ahead a quarter of a second apart, in the due-time index of a
    // table whose sweeps start now
    const table = await freshTable();
    const clock = { now: () => new Date() };
    const timerIndex = new DynamoTimerIndex({ client: table.documentClient, tableName: table.tableName });
    await timerIndex.writeCursor(new Date().toISOString().slice(0, 16), undefined);
    const start = Date.now();
    const timers: Timer[] = [4_050, 4_300, 4_550, 4_800].map((ahead, i) => {
      const dueAt = new Date(start + ahead).toISOString();
      return {
        caseId: `PHASE${i}`,
        key: `firstResponse:1:breach:${dueAt}`,
        kind: 'breach',
        clock: 'firstResponse',
        generation: 1,
        dueAt,
        setAt: new Date(start - 60_000).toISOString(),
      };
    });
    for (const timer of timers)
      await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: timerItem(timer) }));
    const deps = {
      timerIndex,
      timerQueue: new SqsTimerQueue({ client: handOvers.sqs, queueUrl: handOvers.emulator.queues.phases?.url ?? '' }),
      clock,
    };

    // Act
    const result = await sweepDueTimers(deps);

    // Assess: each visible (its send plus the whole seconds asked for) at most 0.4 s before its
    // deadline, and no later than it; sent at the sweep's start, the last would be 0.8 s early
    expect(result.dispatched).toBe(timers.length);
    const early = timers.map((timer) => {
      const sent = sends.get(timer.caseId);
      return Date.parse(timer.dueAt) - ((sent?.at ?? Number.NaN) + (sent?.delaySeconds ?? 0) * 1000);
    });
    expect(Math.min(...early)).toBeGreaterThanOrEqual(-50);
    expect(Math.max(...early)).toBeLessThan(400);
  });
});
