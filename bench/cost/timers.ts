/**
 * The timer work intake leaves behind: every SLA deadline written to the due-time index (and the
 * breach a warning's firing writes there) is later handed to the timer queue by the sweeper and
 * fired (or found stale) by the timer worker. Here
 * that happens at once: the undispatched timers are read back (unmetered: the sweeper's listing
 * costs a few queries a minute whatever the traffic), sent through the production adapter, and
 * the timer worker runs over the queue with a clock past every deadline.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { deleteAll, invokeConsumer, receiveAll } from '../support/drive.ts';
import type { MeasuringStack } from '../support/stack.ts';

const undispatchedTimers = async (stack: MeasuringStack): Promise<Timer[]> => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.dynamoEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const timers: Timer[] = [];
  const pages = paginateScan(
    { client },
    {
      TableName: stack.tableName,
      FilterExpression: 'entity = :timer AND attribute_not_exists(dispatchedAt)',
      ExpressionAttributeValues: { ':timer': 'timer' },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const { caseId, key, kind, clock, generation, dueAt, level, round } = item as Timer;
      timers.push({ caseId, key, kind, clock, generation, dueAt, ...(level !== undefined && { level, round }) });
    }
  }
  client.destroy();
  return timers;
};

/** Marks every timer written so far as handed over, without sending it: the warm-up's timers are not the measured events'. */
export const forgetTimers = async (stack: MeasuringStack): Promise<void> => {
  const timers = await undispatchedTimers(stack);
  if (timers.length > 0) await stack.adapters.timerIndex().markDispatched(timers, new Date().toISOString());
};

export interface TimerRun {
  /** Timers intake left in the index. */
  readonly timers: number;
  /** Timer messages the worker took: the timers above, and the deadlines a firing handed straight to the queue. */
  readonly messages: number;
  readonly invocations: number;
  readonly workerMs: number;
  readonly alertJobs: number;
}

const fired = (timer: Timer) => `${timer.caseId}#${timer.dueAt}#${timer.key}`;

/**
 * Fires every timer intake left, then, round by round, the SLA deadlines those firings wrote
 * (a clock's warning writes its breach): the case never gets an answer. Escalation steps a
 * breach writes are left out, as before deadlines were chained: the figure stays one warning and
 * one breach per clock.
 */
export const fireEveryTimer = async (stack: MeasuringStack): Promise<TimerRun> => {
  const alertsBefore = await stack.queueDepth('alerts');
  const seen = new Set<string>();
  let run = { messages: 0, invocations: 0, workerMs: 0 };
  let intake: number | undefined;
  for (let round = 0; round < 5; round++) {
    const timers = (await undispatchedTimers(stack)).filter(
      (timer) => !seen.has(fired(timer)) && (intake === undefined || timer.kind !== 'escalation'),
    );
    if (timers.length === 0) break;
    intake ??= timers.length;
    for (const timer of timers) seen.add(fired(timer));
    const { messages, invocations, workerMs } = await fireRound(stack, timers);
    run = {
      messages: run.messages + messages,
      invocations: run.invocations + invocations,
      workerMs: run.workerMs + workerMs,
    };
  }
  return {
    timers: intake ?? 0,
    ...run,
    alertJobs: (await stack.queueDepth('alerts')) - alertsBefore,
  };
};

const fireRound = async (stack: MeasuringStack, timers: readonly Timer[]) => {
  const latest = Math.max(...timers.map((t) => Date.parse(t.dueAt)));
  const after = new Date(latest + 60_000);
  stack.passSubstitutesToRoots({ clock: { now: () => after } });
  // The sweeper's per-timer work: one delayed message each. It writes nothing per timer (one
  // checkpoint per shard and minute, left out with its queries); the rounds above skip what was sent.
  for (let i = 0; i < timers.length; i += 100) {
    await stack.adapters.timerQueue().send(timers.slice(i, i + 100), after);
  }
  // Firing may hand over further deadlines due soon after `after`: drain goes on until the queue is empty.
  return drain(stack, 'timers');
};

/** Runs a queue's consumer over it, batch by batch, as the event source mapping does, until it is empty. */
const drain = async (stack: MeasuringStack, queue: 'timers' | 'alerts') => {
  let messages = 0;
  let invocations = 0;
  let workerMs = 0;
  for (let batches = await receiveAll(stack, queue); batches.length > 0; batches = await receiveAll(stack, queue)) {
    const start = performance.now();
    const failed = await invokeConsumer(stack, batches, 1, queue);
    workerMs += performance.now() - start;
    if (failed > 0) throw new Error(`the ${queue} consumer failed ${failed} record(s)`);
    await deleteAll(stack, batches, queue);
    messages += batches.reduce((sum, batch) => sum + batch.length, 0);
    invocations += batches.length;
  }
  return { messages, invocations, workerMs };
};

export interface AlertRun {
  /** Alert messages on the alert queue (one per escalation step, holding each target's alert). */
  readonly messages: number;
  readonly invocations: number;
}

/**
 * Delivers every alert message the timers queued, through the real alert worker: each target
 * answers at once with success (the measuring stack's `sending`), so what is counted is what a
 * delivered alert costs Sundown (claims, the delivery recorded on the case), not a target's retries.
 */
export const deliverEveryAlert = async (stack: MeasuringStack): Promise<AlertRun> => {
  const { messages, invocations } = await drain(stack, 'alerts');
  return { messages, invocations };
};
