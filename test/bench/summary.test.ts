/**
 * npm run bench's harness: paired runs alternate which side goes first and report the per-round
 * ratio's median and range; the closing summary reads each benchmark's bench-figures line and
 * judges each figure against its goal.
 */
import { describe, expect, it } from 'vitest';
import { HEADLINE_MARK, type HeadlineFigure } from '../../bench/support/figures.ts';
import { pairedRuns, spreadText } from '../../bench/support/paired.ts';
import { metText, readHeadlines, summaryTable, valueText } from '../../bench/support/summary.ts';

const figure = (overrides: Partial<HeadlineFigure>): HeadlineFigure => ({
  figure: 'Receiver load × empty module',
  value: 2.9,
  unit: '×',
  command: 'npm run bench:cold-start -- --rounds 9',
  ...overrides,
});

describe('paired runs', () => {
  it('runs A first in even rounds and B first in odd ones, and takes the ratio within each round', async () => {
    const order: string[] = [];
    const result = await pairedRuns({
      rounds: 4,
      a: async (round) => {
        order.push(`a${round}`);
        return 2 * (round + 1);
      },
      b: async (round) => {
        order.push(`b${round}`);
        return round + 1;
      },
      measure: (value) => value,
    });

    expect(order).toEqual(['a0', 'b0', 'b1', 'a1', 'a2', 'b2', 'b3', 'a3']);
    expect(result.ratio).toEqual({ median: 2, min: 2, max: 2 });
    expect(result.a).toEqual([2, 4, 6, 8]);
  });

  it('reports the median and the range of uneven ratios', async () => {
    const ratios = [3, 1, 2];
    const result = await pairedRuns({
      rounds: 3,
      a: async (round) => ratios[round] ?? 0,
      b: async () => 1,
      measure: (value) => value,
    });

    expect(spreadText(result.ratio)).toBe('2.00× (1.00–3.00×)');
  });
});

describe('the summary of npm run bench', () => {
  it('reads the bench-figures line among the tables and ignores every other line', () => {
    const stdout = [
      '| Stage | Events |',
      `${HEADLINE_MARK}${JSON.stringify({ benchmark: 'cold-start', figures: [figure({})] })}`,
      'Wall time: 12 s.',
    ].join('\n');

    expect(readHeadlines(stdout)).toEqual([{ benchmark: 'cold-start', figures: [figure({})] }]);
  });

  it('says whether each figure meets its goal, and gives no verdict without one', () => {
    expect(metText(figure({ value: 2.9, goal: { atMost: 3 } }))).toBe('yes');
    expect(metText(figure({ value: 3.5, goal: { atMost: 3 } }))).toBe('NO');
    expect(metText(figure({ value: 999, goal: { atLeast: 1000, atMost: 1000 } }))).toBe('NO');
    expect(metText(figure({ value: 3.5 }))).toBe('-');
  });

  it('prints each figure with its range, goal, verdict and command on one row', () => {
    const row = figure({ value: 2.9, range: { min: 2.42, max: 3.14 }, goal: { atMost: 3 } });

    expect(valueText(row)).toBe('2.9× (2.42–3.14×)');
    const lines = summaryTable([{ benchmark: 'cold-start', figures: [row] }]).split('\n');
    const cells = lines
      .at(-2)
      ?.split('|')
      .map((cell) => cell.trim());
    expect(cells).toEqual([
      '',
      'Receiver load × empty module',
      '2.9× (2.42–3.14×)',
      'at most 3×',
      'yes',
      '`npm run bench:cold-start -- --rounds 9`',
      '',
    ]);
  });
});
