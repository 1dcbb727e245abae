/** Reads the bench-figures lines the benchmarks print and renders `npm run bench`'s closing table. */
import { HEADLINE_MARK, type HeadlineFigure, table } from './figures.ts';

export interface BenchmarkHeadlines {
  readonly benchmark: string;
  readonly figures: readonly HeadlineFigure[];
}

export const readHeadlines = (stdout: string): BenchmarkHeadlines[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith(HEADLINE_MARK))
    .map((line) => JSON.parse(line.slice(HEADLINE_MARK.length)) as BenchmarkHeadlines);

const number = (value: number): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 });

const withUnit = (value: number, unit: string): string =>
  unit === '×' || unit === '/s' || unit === '%' ? `${number(value)}${unit}` : `${number(value)} ${unit}`;

export const valueText = (f: HeadlineFigure): string =>
  f.range
    ? `${withUnit(f.value, f.unit)} (${number(f.range.min)}–${withUnit(f.range.max, f.unit)})`
    : withUnit(f.value, f.unit);

export const goalText = (f: HeadlineFigure): string => {
  const { atMost, atLeast } = f.goal ?? {};
  const parts = [
    atLeast !== undefined && `at least ${withUnit(atLeast, f.unit)}`,
    atMost !== undefined && `at most ${withUnit(atMost, f.unit)}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join(', ') : '-';
};

/** "yes", "NO" or "-" when the figure has no goal. */
export const metText = (f: HeadlineFigure): string => {
  if (f.goal?.atMost === undefined && f.goal?.atLeast === undefined) return '-';
  const met =
    (f.goal.atMost === undefined || f.value <= f.goal.atMost) &&
    (f.goal.atLeast === undefined || f.value >= f.goal.atLeast);
  return met ? 'yes' : 'NO';
};

export const summaryTable = (results: readonly BenchmarkHeadlines[]): string =>
  table(
    "Summary: each benchmark's headline figures beside their goals",
    ['Figure', 'Value', 'Goal', 'Met?', 'Command'],
    results.flatMap((result) =>
      result.figures.map((f) => [f.figure, valueText(f), goalText(f), metText(f), `\`${f.command}\``]),
    ),
  );
