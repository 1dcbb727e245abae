/**
 * A consumer copy's share of the table's write units per second (lib/write-budget.ts sets it per
 * function as WRITE_UNITS_PER_SECOND). The event source mapping's concurrency is sized for batches
 * that wait on their deadlines or targets; a copy that could go faster (a backlog, nothing to wait
 * for) is held to its share here, so a rush waits on its queue instead of being throttled by DynamoDB.
 *
 * Each take books its units after those booked before it, at the rate; it goes at once while its
 * booking is within a second of now (a second's worth of units at once), and waits for the rest.
 */
export class WritePace {
  #bookedUntil = 0;

  constructor(
    private readonly unitsPerSecond: number,
    private readonly deps: {
      readonly now: () => number;
      readonly sleep: (ms: number) => Promise<void>;
    } = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
  ) {
    if (!(unitsPerSecond > 0) || !Number.isFinite(unitsPerSecond))
      throw new Error(`WritePace needs a positive number of write units per second, got ${unitsPerSecond}`);
  }

  /** Waits until `units` more fit this copy's share; resolves with how long it waited, in ms. */
  async take(units: number): Promise<number> {
    const now = this.deps.now();
    this.#bookedUntil = Math.max(this.#bookedUntil, now) + (units / this.unitsPerSecond) * 1000;
    const wait = this.#bookedUntil - now - BURST_MS;
    if (wait <= 0) return 0;
    await this.deps.sleep(wait);
    return wait;
  }
}

/** A copy may spend a second's worth of its units at once. */
const BURST_MS = 1_000;

/**
 * Write units one queue message costs at most, by AWS billing rules (npm run bench:cost): what
 * lib/write-budget.ts sizes each consumer by and what a copy books before handling a message.
 */
export const WRITE_UNITS = {
  /** A fired warning or breach: case and marker in one transaction (4), its next deadline (1), and 1 marking a deadline handed over at once. */
  timer: 6,
  /** An alert message: per target a claim taken and completed (2); a breach or escalation step records what its targets took on the case (case and audit in one transaction, about 5). */
  alert: (targets: number, recordsOnCase: boolean): number => 2 * targets + (recordsOnCase ? 5 : 0),
} as const;
