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
import { ON_DEMAND_WRITE_UNITS } from '../functions/config/deployment-schema.ts';

export interface ConsumerBudget {
  /** The part of the table's write units per second this consumer may spend. */
  readonly share: number;
  /** Write units one queue message costs, by AWS billing rules. */
  readonly writeUnitsPerItem: number;
  /** Messages one consumer handles per second. */
  readonly itemsPerSecondPerConsumer: number;
}

export type Consumer = 'intake' | 'timers' | 'alerts';

export const CONSUMER_BUDGETS: Readonly<Record<Consumer, ConsumerBudget>> = {
  intake: {
    share: 0.55,
    // The dearest event, one that opens a case: 13.65 units (npm run bench:cost, docs/numbers.md).
    writeUnitsPerItem: 14,
    // Measured by npm run bench:cost's pace pass over every kind of event: 11.6 ms of CPU and 22 ms
    // in all per event on one core, 50 ms at 512 MB (0.29 of a vCPU), 20.0 events/s a copy.
    itemsPerSecondPerConsumer: 20,
  },
  timers: {
    share: 0.25,
    // A fired warning or breach: case and marker (holding the audit entries) in one transaction (4)
    // and its next deadline (1), 5.00 by npm run bench:cost ("a fired timer"); 1 more when that
    // deadline is near enough to hand over at once and be marked so: 5.33 on average, 6 at most.
    writeUnitsPerItem: 6,
    // Measured by npm run bench:cost's pace pass: 6.5 ms of CPU and 14 ms in all per timer on one
    // core, 30 ms at 512 MB, 33.4 timers/s a copy (bench/results/2026-12-07-cost-pace.md). The 10/s
    // assumed before dated from batches that waited up to a second for their latest deadline: 12
    // copies would have written about 2,100 units/s against this share's 1,000.
    itemsPerSecondPerConsumer: 34,
  },
  alerts: {
    share: 0.15,
    // One escalation step's message: per target a claim taken and completed (2), and what its
    // targets took recorded on the case in one write (case and audit in one transaction, about
    // 4.65): 8.65 for a two-target breach step, 6.33 on average with the warnings
    // (npm run bench:cost, "an alert message").
    writeUnitsPerItem: 9,
    // Measured by npm run bench:cost's pace pass with targets that answer at once: 12 ms of CPU
    // and 20 ms in all per message on one core, 50 ms at 512 MB, 19.9 messages/s a copy. Targets
    // that take longer make a copy slower, so at this pace its writes are the most they can be.
    itemsPerSecondPerConsumer: 20,
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
