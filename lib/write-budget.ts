/**
 * How many intake processors may run at once: as many as the table's write budget allows, so a
 * burst (1,000 webhooks/s for a minute) waits on the intake queue instead of being throttled by
 * DynamoDB, retried and parked. Raise WRITE_UNITS_PER_EVENT's successor when writes get cheaper:
 * the concurrency follows.
 */

export interface IntakeBudget {
  /** Write units per second the intake may spend. */
  readonly writeUnitsPerSecond: number;
  /** Write units one inbound event costs, by AWS billing rules. */
  readonly writeUnitsPerEvent: number;
  /** Events one processor handles per second. */
  readonly eventsPerSecondPerConsumer: number;
}

export const INTAKE_BUDGET: IntakeBudget = {
  // Three quarters of the 4,000 write units/s a new on-demand table serves at once; the rest is the
  // sweeper's, the timer and alert workers' and the cases API's.
  writeUnitsPerSecond: 3_000,
  // The dearest event, one that opens a case: 23.65 units (npm run bench:cost, docs/numbers.md).
  writeUnitsPerEvent: 24,
  // About 15 ms of CPU per event on one core (bench/results/intake.md), about 50 ms at 512 MB (a
  // third of a vCPU): a batch of 10 takes about half a second.
  eventsPerSecondPerConsumer: 20,
};

/** SQS event source mappings run at least 2 consumers at once. */
const MIN_MAXIMUM_CONCURRENCY = 2;

/** The most consumers whose writes stay within the budget. */
export const intakeConcurrency = (budget: IntakeBudget = INTAKE_BUDGET): number =>
  Math.max(
    MIN_MAXIMUM_CONCURRENCY,
    Math.floor(budget.writeUnitsPerSecond / (budget.writeUnitsPerEvent * budget.eventsPerSecondPerConsumer)),
  );
