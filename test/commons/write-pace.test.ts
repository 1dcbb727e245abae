/**
 * A consumer copy's write budget: takes go at once while they fit a second's worth of units, then
 * each waits its turn at the rate, side by side or one after another.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WRITE_UNITS, WritePace } from '../../functions/commons/write-pace.ts';
import { resetSettingsCache } from '../../functions/config/settings.ts';
import { writePace } from '../../functions/roots/core.ts';

/** A pace on a clock the test moves: a sleep advances it and is recorded. */
const onFakeClock = (unitsPerSecond: number) => {
  let now = 1_000_000;
  const slept: number[] = [];
  const pace = new WritePace(unitsPerSecond, {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  return { pace, slept, advance: (ms: number) => (now += ms) };
};

describe('a copy held to its share of the write units', () => {
  it("lets a second's worth of units go at once, then spaces the rest at the rate", async () => {
    // 60 units/s: ten timers of 6 units fit the first second; the 11th waits 0.1 s, the 12th 0.2 s.
    const { pace, slept } = onFakeClock(60);

    const waits = await Promise.all(Array.from({ length: 12 }, () => pace.take(WRITE_UNITS.timer)));

    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits[10]).toBeCloseTo(100, 6);
    expect(waits[11]).toBeCloseTo(200, 6);
    expect(slept).toHaveLength(2);
  });

  it('holds a steady stream to the rate: 600 units at 60/s take 9 s beyond the first second', async () => {
    const { pace, advance } = onFakeClock(60);
    let waited = 0;
    for (let i = 0; i < 100; i++) {
      const wait = await pace.take(6);
      advance(wait);
      waited += wait;
    }

    expect(waited).toBeCloseTo(9_000, 6);
  });

  it('does not bank idle time beyond a second: after a quiet minute only a second is free', async () => {
    const { pace, advance } = onFakeClock(60);
    await pace.take(60);
    advance(60_000);

    expect(await pace.take(60)).toBe(0);
    expect(await pace.take(6)).toBeCloseTo(100, 6);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new WritePace(0)).toThrow(/positive number of write units per second, got 0/);
    expect(() => new WritePace(Number.NaN)).toThrow(/got NaN/);
  });

  it("counts an alert message's claims per target and the case record of a breach or escalation step", () => {
    expect(WRITE_UNITS.alert(1, false)).toBe(2);
    expect(WRITE_UNITS.alert(2, true)).toBe(9);
  });
});

describe("a function's write budget from its environment", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetSettingsCache();
  });
  const fromEnvironment = (value: string | undefined) => {
    vi.stubEnv('WRITE_UNITS_PER_SECOND', value);
    resetSettingsCache();
    return writePace({});
  };

  it('paces a copy given WRITE_UNITS_PER_SECOND, and not one without it', async () => {
    const pace = fromEnvironment('6');

    expect(pace).toBeInstanceOf(WritePace);
    expect(await pace?.take(6)).toBe(0);
    expect(fromEnvironment(undefined)).toBeUndefined();
  });

  it('refuses a WRITE_UNITS_PER_SECOND that is not a positive number, naming it', () => {
    expect(() => fromEnvironment('fast')).toThrow(/WRITE_UNITS_PER_SECOND: must be a positive number/);
    expect(() => fromEnvironment('-5')).toThrow(/WRITE_UNITS_PER_SECOND: must be a positive number/);
  });
});
