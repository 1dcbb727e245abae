/**
 * A consumer copy's pace: how many queue messages one copy of the processor, the timer worker and
 * the alert worker gets through per second on Lambda. It sets how many copies the table's write
 * budget pays for (lib/write-budget.ts), and what a duration measured here is billed as.
 *
 * Measured in an unmetered pass over conversations of its own, one invocation at a time, as the
 * cost benchmark drives them: each invocation's wall time and this process's CPU time (DynamoDB
 * Local and the SQS emulator run in processes of their own). On Lambda the CPU part takes longer,
 * by the share of a vCPU the deployed memory buys (`lambdaDurationMs`); waiting on requests does
 * not. A copy's pace is then the messages it took over those stretched durations.
 */
import type { Context } from 'aws-lambda';
import { ON_DEMAND_WRITE_UNITS } from '../../functions/config/deployment-schema.ts';
import {
  CONSUMER_BUDGETS,
  type Consumer,
  consumerConcurrency,
  copyWriteUnitsPerSecond,
} from '../../lib/write-budget.ts';
import { lambdaDurationMs } from '../meter/aws-rules.ts';
import type { Deployment, MeteredFunction } from '../meter/deployed.ts';
import { deliverAndProcess } from '../support/drive.ts';
import { count, table } from '../support/figures.ts';
import type { MeasuringStack } from '../support/stack.ts';
import { type Delivery, KINDS } from '../support/webhooks.ts';
import { deliverEveryAlert, fireEveryTimer, forgetTimers } from './timers.ts';

export type PacedFunction = Extract<MeteredFunction, 'webhooks' | 'intake' | 'timers' | 'alerts'>;

export interface Pace {
  readonly fn: PacedFunction;
  /** Queue messages taken (requests, for the receiver). */
  readonly messages: number;
  readonly invocations: number;
  /** Summed over the invocations, measured here. */
  readonly wallMs: number;
  readonly cpuMs: number;
  /** The same invocations on Lambda at the deployed memory. */
  readonly lambdaMs: number;
  readonly memoryMb: number;
}

/** Messages one copy takes per second on Lambda, invocations back to back. */
export const messagesPerSecond = (pace: Pace): number => (pace.messages * 1000) / pace.lambdaMs;

/** What a duration measured here becomes on Lambda, for the meter to bill by. */
export const durationScale = (pace: Pace): number => (pace.wallMs > 0 ? pace.lambdaMs / pace.wallMs : 1);

type Handler = (event: never, context: Context) => Promise<unknown>;
const HANDLERS = { webhooks: 'receiver', intake: 'processor', timers: 'timerWorker', alerts: 'alertWorker' } as const;

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
};

/**
 * Runs `conversations` through the stack (every kind of delivery in turn, then every timer they
 * left, then every alert those queued) and returns each function's pace. `setLogLevel` sets the
 * handlers' logger to a function's deployed level before each invocation, as the meter does.
 * Leaves no timer behind and the stack's clock real again.
 */
export const measurePace = async (
  stack: MeasuringStack,
  deployment: Deployment,
  conversations: readonly (readonly Delivery[])[],
  setLogLevel: (level: string) => void,
): Promise<Record<PacedFunction, Pace>> => {
  const paces = Object.fromEntries(
    Object.keys(HANDLERS).map((fn) => [
      fn,
      {
        fn,
        messages: 0,
        invocations: 0,
        wallMs: 0,
        cpuMs: 0,
        lambdaMs: 0,
        memoryMb: deployment.functions[fn as PacedFunction].memoryMb,
      },
    ]),
  ) as Record<PacedFunction, Pace>;
  const originals = { ...stack };
  const timed = (fn: PacedFunction, handler: Handler): Handler => {
    const deployed = deployment.functions[fn];
    return async (event, context) => {
      setLogLevel(deployed.logLevel);
      const records = (event as { Records?: readonly unknown[] }).Records;
      const cpu = process.cpuUsage();
      const start = performance.now();
      try {
        return await handler(event, context);
      } finally {
        const wallMs = performance.now() - start;
        const cpuMs = cpuMsSince(cpu);
        const pace = paces[fn];
        paces[fn] = {
          ...pace,
          messages: pace.messages + (records?.length ?? 1),
          invocations: pace.invocations + 1,
          wallMs: pace.wallMs + wallMs,
          cpuMs: pace.cpuMs + cpuMs,
          lambdaMs: pace.lambdaMs + lambdaDurationMs(wallMs, cpuMs, deployed.memoryMb),
        };
      }
    };
  };
  const handlers = stack as unknown as Record<(typeof HANDLERS)[PacedFunction], Handler>;
  for (const [fn, name] of Object.entries(HANDLERS) as [PacedFunction, (typeof HANDLERS)[PacedFunction]][]) {
    handlers[name] = timed(fn, handlers[name]);
  }
  try {
    for (const [k] of KINDS.entries()) {
      const deliveries = conversations.map((c) => c[k]).filter((d) => d !== undefined);
      await deliverAndProcess(stack, deliveries, 1);
    }
    await fireEveryTimer(stack);
    await deliverEveryAlert(stack);
    // The escalation steps the breaches chained are not this pass's to fire.
    await forgetTimers(stack);
  } finally {
    for (const name of Object.values(HANDLERS)) {
      (handlers as Record<string, unknown>)[name] = (originals as unknown as Record<string, unknown>)[name];
    }
    stack.passSubstitutesToRoots({ clock: undefined });
  }
  return paces;
};

const CONSUMERS: Readonly<Record<Consumer, PacedFunction>> = { intake: 'intake', timers: 'timers', alerts: 'alerts' };

/** One consumer's copies as lib/write-budget.ts sets them, at its measured pace and write units. */
export interface BudgetCheck {
  readonly consumer: Consumer;
  readonly pace: Pace;
  readonly unitsPerMessage: number;
  readonly copies: number;
  /** What each copy is held to (WRITE_UNITS_PER_SECOND), for a paced consumer. */
  readonly heldTo?: number;
  /** What those copies write per second at the measured pace (or what they are held to), on a new on-demand table. */
  readonly spends: number;
  /** The consumer's share of that table's write units per second. */
  readonly share: number;
}

/** `unitsPerMessage`: the measured write units per queue message (the budget's dearest kind for intake). */
export const budgetChecks = (
  paces: Readonly<Record<PacedFunction, Pace>>,
  unitsPerMessage: Readonly<Record<Consumer, number>>,
): BudgetCheck[] =>
  (Object.entries(CONSUMERS) as [Consumer, PacedFunction][]).map(([consumer, fn]) => {
    const pace = paces[fn];
    const budget = CONSUMER_BUDGETS[consumer];
    const copies = consumerConcurrency(budget);
    const heldTo = budget.paced ? copyWriteUnitsPerSecond(budget) : undefined;
    const atPace = messagesPerSecond(pace) * unitsPerMessage[consumer];
    return {
      consumer,
      pace,
      unitsPerMessage: unitsPerMessage[consumer],
      copies,
      ...(heldTo !== undefined && { heldTo }),
      spends: copies * Math.min(atPace, heldTo ?? Number.POSITIVE_INFINITY),
      share: budget.share * ON_DEMAND_WRITE_UNITS,
    };
  });

/** Each consumer's measured pace beside what lib/write-budget.ts assumes, and what its copies would spend. */
export const paceTable = (checks: readonly BudgetCheck[]) =>
  table(
    `A consumer copy's pace on Lambda, and the write budget (lib/write-budget.ts) at ${count(ON_DEMAND_WRITE_UNITS)} write units/s`,
    [
      'Consumer',
      'Messages',
      'CPU ms/message here',
      'Wall ms/message here',
      'Lambda ms/message',
      'Messages/s a copy, measured',
      'Budget assumes',
      'Write units/message, measured',
      'Budget assumes',
      'Copies set',
      'Each held to (units/s)',
      'Their write units/s, measured',
      'Share',
    ],
    checks.map(({ consumer, pace, unitsPerMessage, copies, heldTo, spends, share }) => {
      const budget = CONSUMER_BUDGETS[consumer];
      return [
        `${consumer} (${pace.memoryMb} MB)`,
        count(pace.messages),
        (pace.cpuMs / pace.messages).toFixed(1),
        (pace.wallMs / pace.messages).toFixed(1),
        (pace.lambdaMs / pace.messages).toFixed(1),
        messagesPerSecond(pace).toFixed(1),
        String(budget.itemsPerSecondPerConsumer),
        unitsPerMessage.toFixed(2),
        String(budget.writeUnitsPerItem),
        String(copies),
        heldTo === undefined ? '-' : heldTo.toFixed(1),
        `${count(Math.round(spends))} ${spends <= share ? '(within)' : '(OVER)'}`,
        count(Math.round(share)),
      ];
    }),
  );
