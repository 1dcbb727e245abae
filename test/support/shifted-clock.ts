/**
 * Moves this process's clock forward, as if the machine's clock read a later time, while it
 * keeps running at real speed. A test of something that happens at a whole minute (a calendar
 * opening) jumps to a few seconds before it instead of waiting up to a minute and a half.
 * Everything in the process sees the same time: the local stack's handlers, the SQS emulator
 * and the test; timers (setTimeout) are untouched. DynamoDB Local keeps no clock the tests read.
 */
const RealDate = Date;

export interface ShiftedClock {
  /** Moves the clock forward so that `Date.now()` reads `at` now; does nothing if it reads later already. */
  advanceTo(at: Date): void;
  restore(): void;
}

export const shiftClock = (): ShiftedClock => {
  let offsetMs = 0;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
  return {
    advanceTo: (at) => {
      offsetMs = Math.max(offsetMs, at.getTime() - RealDate.now());
    },
    restore: () => {
      globalThis.Date = RealDate;
    },
  };
};
