/**
 * Paired, rotated runs for comparing two things on a shared machine: each round measures A and B
 * back to back, the order alternating, so a busy moment lands on both halves of a pair instead of
 * on one side. The ratio is taken per round and reported as median with its range.
 */
import { percentile } from './figures.ts';

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export const spreadOf = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
};

export interface PairedResult<T> {
  /** What each round's A and B returned, in round order. */
  readonly a: readonly T[];
  readonly b: readonly T[];
  /** A ÷ B of the same round, by `measure`. */
  readonly ratio: Spread;
}

/**
 * Runs `a` and `b` once per round, A first in even rounds and B first in odd ones; `round` is passed
 * on so each run can use fresh data. `measure` picks the number to compare (e.g. CPU ms).
 */
export const pairedRuns = async <T>(options: {
  readonly rounds: number;
  readonly a: (round: number) => Promise<T>;
  readonly b: (round: number) => Promise<T>;
  readonly measure: (result: T) => number;
}): Promise<PairedResult<T>> => {
  const a: T[] = [];
  const b: T[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const aFirst = round % 2 === 0;
    const first = await (aFirst ? options.a : options.b)(round);
    const second = await (aFirst ? options.b : options.a)(round);
    const [ofA, ofB] = aFirst ? [first, second] : [second, first];
    a.push(ofA);
    b.push(ofB);
    ratios.push(options.measure(ofA) / options.measure(ofB));
  }
  return { a, b, ratio: spreadOf(ratios) };
};

/** "2.90× (2.42–3.14×)": a median and its range, to a fixed number of decimals. */
export const spreadText = (spread: Spread, unit = '×', decimals = 2): string =>
  `${spread.median.toFixed(decimals)}${unit} (${spread.min.toFixed(decimals)}–${spread.max.toFixed(decimals)}${unit})`;
