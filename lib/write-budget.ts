/**
 * How many consumers of each queue may run at once: as many as the table's write budget allows,
 * so a burst (1,000 webhooks/s for a minute, or 40,000 deadlines falling due as the business day
 * opens) waits on its queue instead of being throttled by DynamoDB, retried and parked.
 *
 * The table serves `deployment.table.writeUnitsPerSecond` at once: 4,000 for a new on-demand
 * table, more when the config pre-warms it. Each consumer gets a share of that (the last 5 % is
 * the cases API's, the console's and the sweeper's), and runs as many
 * copies as its share pays for at the write units one item costs (measured with
 * `npm run bench:cost`, by AWS billing rules). When writes get cheaper, lower the figure here:
 * the concurrency follows.
 */
import { WRITE_UNITS } from '../functions/commons/write-pace.ts';
import { ON_DEMAND_WRITE_UNITS } from '../functions/config/deployment-schema.ts';

export interface ConsumerBudget {
  /** The part of the table's write units per second this consumer may spend. */
  readonly share: number;
  /** Write units one queue message costs, by AWS billing rules. */
  readonly writeUnitsPerItem: number;
  /** Messages one consumer handles per second: what sizes the number of copies. */
  readonly itemsPerSecondPerConsumer: number;
  /**
   * Whether each copy is also held to its share of the units (WRITE_UNITS_PER_SECOND,
   * functions/commons/write-pace.ts): for consumers whose copies are sized for batches that wait,
   * and go faster when nothing makes them wait.
   */
  readonly paced: boolean;
}

export type Consumer = 'intake' | 'timers' | 'alerts';

export const CONSUMER_BUDGETS: Readonly<Record<Consumer, ConsumerBudget>> = {
  intake: {
    share: 0.55,
    // The dearest event, one that opens a case: 13.65 units (npm run bench:cost, docs/numbers.md).
    writeUnitsPerItem: 14,
    // Measured by npm run bench:cost's pace pass over every kind of event: 12 to 16 ms of CPU and 22
    // to 26 ms in all per event on one core, 50 to 65 ms at 512 MB (0.29 of a vCPU): 15 to 20
    // events/s a copy in three runs.
    itemsPerSecondPerConsumer: 20,
    // Its measured pace is the one assumed: concurrency alone keeps it within its share.
    paced: false,
  },
  timers: {
    share: 0.25,
    // A fired warning or breach: 5.00 by npm run bench:cost ("a fired timer"), 5.33 on average
    // with the deadlines it hands over at once and marks so; 6 at most.
    writeUnitsPerItem: WRITE_UNITS.timer,
    // Sized for spread deadlines: a batch holds each timer until its deadline (up to a second), so
    // a copy passes about 10 a second. With nothing to wait for (a backlog in a rush) a copy fires
    // 33 to 37 a second on Lambda at 512 MB (bench:cost's pace pass,
    // bench/results/2026-12-07-cost-pace.md), so each copy is held to its share of the units: 4
    // unpaced copies were enough for the units but left 10,000 deadlines over 3 minutes late by
    // 4 s at p99 where 12 were about 1 s.
    itemsPerSecondPerConsumer: 10,
    paced: true,
  },
  alerts: {
    share: 0.15,
    // One escalation step's message: per target a claim taken and completed (2), and what its
    // targets took recorded on the case in one write (about 5): 9 for a two-target breach step,
    // 6.33 on average with the warnings (npm run bench:cost, "an alert message").
    writeUnitsPerItem: WRITE_UNITS.alert(2, true),
    // Sized for targets that answer in a few hundred ms (a batch of 10 delivered side by side).
    // Targets that answer at once let a copy take 20 to 26 messages a second (bench:cost's pace
    // pass), so each copy is held to its share of the units.
    itemsPerSecondPerConsumer: 10,
    paced: true,
  },
};

/** SQS event source mappings run from 2 to 1,000 consumers at once. */
const MIN_MAXIMUM_CONCURRENCY = 2;
const MAX_MAXIMUM_CONCURRENCY = 1_000;

/** The most consumers whose writes stay within their share of the table's write units per second. */
export const consumerConcurrency = (
  budget: ConsumerBudget,
  tableWriteUnitsPerSecond: number = ON_DEMAND_WRITE_UNITS,
): number =>
  Math.min(
    MAX_MAXIMUM_CONCURRENCY,
    Math.max(
      MIN_MAXIMUM_CONCURRENCY,
      Math.floor(
        (budget.share * tableWriteUnitsPerSecond) / (budget.writeUnitsPerItem * budget.itemsPerSecondPerConsumer),
      ),
    ),
  );

/** What each copy of a paced consumer may write per second: its share, split evenly between its copies. */
export const copyWriteUnitsPerSecond = (
  budget: ConsumerBudget,
  tableWriteUnitsPerSecond: number = ON_DEMAND_WRITE_UNITS,
): number =>
  Math.floor((budget.share * tableWriteUnitsPerSecond * 100) / consumerConcurrency(budget, tableWriteUnitsPerSecond)) /
  100;
