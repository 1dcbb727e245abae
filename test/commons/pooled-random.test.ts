import { isValid, monotonicFactory, ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { pooledRandom } from '../../functions/commons/pooled-random.ts';

describe('pooledRandom', () => {
  it('gives byte fractions in [0, 1), every base-32 character about equally often, across many pools', () => {
    // Prepare: a small pool, so the draws refill it 10,000 times
    const random = pooledRandom(32);
    const counts = new Array<number>(32).fill(0);

    // Act
    const draws = Array.from({ length: 320_000 }, () => random());
    for (const draw of draws) counts[Math.floor(draw * 32)] = (counts[Math.floor(draw * 32)] ?? 0) + 1;

    // Assess: fractions of a byte, never 1; each character within 10 standard deviations of 10,000
    expect(draws.every((draw) => draw >= 0 && draw < 1 && Number.isInteger(draw * 256))).toBe(true);
    expect(Math.min(...counts)).toBeGreaterThan(9_000);
    expect(Math.max(...counts)).toBeLessThan(11_000);
  });

  it('does not repeat a pool: consecutive pools differ', () => {
    // Prepare
    const random = pooledRandom(64);

    // Act
    const first = Array.from({ length: 64 }, () => random());
    const second = Array.from({ length: 64 }, () => random());

    // Assess
    expect(second).not.toEqual(first);
  });

  it('makes valid, distinct ULIDs, plain and monotonic', () => {
    // Prepare
    const random = pooledRandom();
    const monotonic = monotonicFactory(random);

    // Act
    const plain = Array.from({ length: 1_000 }, () => ulid(undefined, random));
    const ordered = Array.from({ length: 1_000 }, () => monotonic());

    // Assess
    expect([...plain, ...ordered].every(isValid)).toBe(true);
    expect(new Set(plain).size).toBe(1_000);
    expect([...ordered].sort()).toEqual(ordered);
    expect(new Set(ordered).size).toBe(1_000);
  });
});
