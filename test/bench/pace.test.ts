/**
 * bench:cost's pace arithmetic: a consumer copy's messages per second on Lambda from what was
 * measured here, the factor that turns a measured duration into a billed one, and whether the
 * copies lib/write-budget.ts sets stay within their share of the table's write units.
 */
import { describe, expect, it } from 'vitest';
import { budgetChecks, durationScale, messagesPerSecond, type Pace } from '../../bench/cost/pace.ts';
import { ON_DEMAND_WRITE_UNITS } from '../../functions/config/deployment-schema.ts';
import { CONSUMER_BUDGETS, consumerConcurrency, copyWriteUnitsPerSecond } from '../../lib/write-budget.ts';

const pace = (fn: Pace['fn'], overrides: Partial<Pace> = {}): Pace => ({
  fn,
  messages: 100,
  invocations: 10,
  wallMs: 2_000,
  cpuMs: 1_000,
  lambdaMs: 4_000,
  memoryMb: 512,
  ...overrides,
});

describe('a consumer copy on Lambda', () => {
  it('takes its messages over the durations stretched to the deployed memory, not those measured here', () => {
    // 100 messages in 4 s of Lambda time (2 s measured here): 25 a second, each duration billed at 2×.
    expect(messagesPerSecond(pace('timers'))).toBe(25);
    expect(durationScale(pace('timers'))).toBe(2);
    expect(durationScale(pace('timers', { wallMs: 0, lambdaMs: 0 }))).toBe(1);
  });

  const paces = {
    webhooks: pace('webhooks'),
    intake: pace('intake'),
    timers: pace('timers'),
    alerts: pace('alerts'),
  };
  const rowAt = (consumer: 'intake' | 'timers', perSecond: number) =>
    budgetChecks(
      { ...paces, [consumer]: pace(consumer, { lambdaMs: (100 * 1000) / perSecond }) },
      {
        intake: CONSUMER_BUDGETS.intake.writeUnitsPerItem,
        timers: CONSUMER_BUDGETS.timers.writeUnitsPerItem,
        alerts: 1,
      },
    ).find((check) => check.consumer === consumer) ?? expect.unreachable(`no ${consumer} row`);

  it("says an unpaced consumer's copies overrun its share when they go faster than the budget assumes", () => {
    const { itemsPerSecondPerConsumer, writeUnitsPerItem, share } = CONSUMER_BUDGETS.intake;
    const asAssumed = rowAt('intake', itemsPerSecondPerConsumer);
    const twiceAsFast = rowAt('intake', 2 * itemsPerSecondPerConsumer);

    expect(asAssumed.copies).toBe(consumerConcurrency(CONSUMER_BUDGETS.intake));
    expect(asAssumed.share).toBe(share * ON_DEMAND_WRITE_UNITS);
    expect(asAssumed.spends).toBeCloseTo(asAssumed.copies * itemsPerSecondPerConsumer * writeUnitsPerItem, 6);
    expect(asAssumed.spends).toBeLessThanOrEqual(asAssumed.share);
    expect(twiceAsFast.spends).toBeCloseTo(2 * asAssumed.spends, 6);
    expect(twiceAsFast.spends).toBeGreaterThan(twiceAsFast.share);
  });

  it('holds a paced consumer at its share however fast its copies could go', () => {
    const fast = rowAt('timers', 10 * CONSUMER_BUDGETS.timers.itemsPerSecondPerConsumer);

    expect(fast.heldTo).toBe(copyWriteUnitsPerSecond(CONSUMER_BUDGETS.timers));
    expect(fast.spends).toBeCloseTo(fast.copies * (fast.heldTo ?? 0), 6);
    expect(fast.spends).toBeLessThanOrEqual(fast.share);
  });
});
