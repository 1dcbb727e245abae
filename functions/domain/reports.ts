/**
 * The service report over the cases opened in a period: response and resolution percentiles,
 * SLA clocks met, breaches by channel, cases by priority, how the customers' mood changed, and
 * first-response times per hour or day for the chart. Pure: the caller lists the cases.
 */
import { type Case, PRIORITIES, type Priority } from './case.ts';
import type { ClockName, ClockState } from './sla/types.ts';

export interface Percentiles {
  readonly count: number;
  /** Seconds; absent when there is nothing to measure. */
  readonly p50?: number;
  readonly p90?: number;
  readonly p99?: number;
}

export interface ClockOutcomes {
  readonly met: number;
  readonly breached: number;
  /** Still running or paused, not breached yet. */
  readonly open: number;
  /** met / (met + breached), 0-100; absent when no clock has an outcome yet. */
  readonly metPercent?: number;
}

export interface ResponseBucket {
  readonly start: string;
  readonly responses: number;
  readonly p50?: number;
  readonly p90?: number;
}

export interface CaseReport {
  readonly from: string;
  readonly to: string;
  readonly cases: number;
  readonly byPriority: Readonly<Record<Priority, number>>;
  readonly firstResponseSeconds: Percentiles;
  readonly resolutionSeconds: Percentiles;
  readonly clocks: Readonly<Partial<Record<ClockName, ClockOutcomes>>>;
  /** Over every clock of every case with an outcome. */
  readonly sla: ClockOutcomes;
  /** Breached clocks by the channel each case was opened on. */
  readonly breachesByChannel: Readonly<Record<string, number>>;
  readonly sentiment: {
    readonly cases: number;
    readonly meanFirst?: number;
    readonly meanLatest?: number;
    readonly improved: number;
    readonly worsened: number;
    readonly unchanged: number;
  };
  readonly bucket: 'hour' | 'day';
  readonly responseTimes: readonly ResponseBucket[];
}

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: readonly number[], p: number): number | undefined =>
  sorted.length === 0 ? undefined : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

export const percentiles = (values: readonly number[]): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => percentile(sorted, p);
  return sorted.length === 0 ? { count: 0 } : { count: sorted.length, p50: at(50), p90: at(90), p99: at(99) };
};

const secondsBetween = (from: string, to: string | undefined): number | undefined =>
  to === undefined ? undefined : (Date.parse(to) - Date.parse(from)) / 1000;

const outcomeOf = (clock: ClockState): keyof Omit<ClockOutcomes, 'metPercent'> =>
  clock.met === true ? 'met' : clock.breachedAt || clock.met === false ? 'breached' : 'open';

const withPercent = (counts: { met: number; breached: number; open: number }): ClockOutcomes => {
  const decided = counts.met + counts.breached;
  return decided === 0 ? counts : { ...counts, metPercent: (100 * counts.met) / decided };
};

const mean = (values: readonly number[]): number | undefined =>
  values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const responseBuckets = (cases: readonly Case[], from: Date, to: Date, size: number): ResponseBucket[] => {
  const first = Math.floor(from.getTime() / size) * size;
  const buckets: ResponseBucket[] = [];
  for (let start = first; start < to.getTime(); start += size) {
    const seconds = cases
      .filter((c) => Date.parse(c.openedAt) >= start && Date.parse(c.openedAt) < start + size)
      .map((c) => secondsBetween(c.openedAt, c.firstResponseAt))
      .filter((value): value is number => value !== undefined);
    const { count, p50, p90 } = percentiles(seconds);
    buckets.push({ start: new Date(start).toISOString(), responses: count, ...(count > 0 && { p50, p90 }) });
  }
  return buckets;
};

export const buildReport = (
  allCases: readonly Case[],
  period: { readonly from: Date; readonly to: Date },
): CaseReport => {
  const { from, to } = period;
  if (!(from < to))
    throw new Error(`the period must end after it starts (from ${from.toISOString()}, to ${to.toISOString()})`);
  const cases = allCases.filter(
    (c) => Date.parse(c.openedAt) >= from.getTime() && Date.parse(c.openedAt) < to.getTime(),
  );

  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, cases.filter((c) => c.priority === p).length]));
  const clockCounts: Partial<Record<ClockName, { met: number; breached: number; open: number }>> = {};
  const total = { met: 0, breached: 0, open: 0 };
  const breachesByChannel: Record<string, number> = {};
  for (const c of cases) {
    for (const clock of Object.values(c.sla?.clocks ?? {})) {
      const outcome = outcomeOf(clock);
      const counts = clockCounts[clock.name] ?? { met: 0, breached: 0, open: 0 };
      counts[outcome] += 1;
      clockCounts[clock.name] = counts;
      total[outcome] += 1;
      if (outcome === 'breached') {
        const channel = c.channels[0] ?? 'other';
        breachesByChannel[channel] = (breachesByChannel[channel] ?? 0) + 1;
      }
    }
  }

  const moods = cases.flatMap((c) => (c.sentiment ? [c.sentiment] : []));
  const measured = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    cases: cases.length,
    byPriority: byPriority as Record<Priority, number>,
    firstResponseSeconds: percentiles(measured(cases.map((c) => secondsBetween(c.openedAt, c.firstResponseAt)))),
    resolutionSeconds: percentiles(measured(cases.map((c) => secondsBetween(c.openedAt, c.resolvedAt)))),
    clocks: Object.fromEntries(Object.entries(clockCounts).map(([name, counts]) => [name, withPercent(counts)])),
    sla: withPercent(total),
    breachesByChannel,
    sentiment: {
      cases: moods.length,
      ...(moods.length > 0 && {
        meanFirst: mean(moods.map((m) => m.first)),
        meanLatest: mean(moods.map((m) => m.latest)),
      }),
      improved: moods.filter((m) => m.latest > m.first).length,
      worsened: moods.filter((m) => m.latest < m.first).length,
      unchanged: moods.filter((m) => m.latest === m.first).length,
    },
    bucket: to.getTime() - from.getTime() <= 2 * DAY_MS ? 'hour' : 'day',
    responseTimes: responseBuckets(cases, from, to, to.getTime() - from.getTime() <= 2 * DAY_MS ? HOUR_MS : DAY_MS),
  };
};
