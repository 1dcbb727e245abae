/**
 * `sundown report --from <date> --to <date> [--chart report.svg]`. Lists every case through the
 * status index (all statuses, page by page) and keeps those opened in the period: a full read,
 * fine for an admin tool run now and then, not for a dashboard.
 */
import { writeFileSync } from 'node:fs';
import type { Case } from '../functions/domain/case.ts';
import { buildReport, type CaseReport, type Percentiles } from '../functions/domain/reports.ts';
import { CLOCK_NAMES } from '../functions/domain/sla/clock-table.ts';
import { responseTimeChart } from './chart.ts';
import { CliError, type Io, json, table } from './output.ts';
import type { Target } from './target.ts';

export const parseDate = (option: string, value: string): Date => {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()))
    throw new CliError(`${option} must be a date (2026-11-01) or an ISO timestamp, got "${value}"`);
  return date;
};

const allCases = async (target: Target): Promise<Case[]> => {
  const cases: Case[] = [];
  let cursor: string | undefined;
  do {
    const page = await target.store.listCases({ limit: 100, ...(cursor && { cursor }) });
    cases.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return cases;
};

const duration = (seconds: number | undefined): string => {
  if (seconds === undefined) return '-';
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)}m`;
  return `${(seconds / 3600).toFixed(1)}h`;
};

const percent = (value: number | undefined): string => (value === undefined ? '-' : `${value.toFixed(1)}%`);
const score = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(3));

const timing = (name: string, p: Percentiles) => ({
  measure: name,
  count: p.count,
  p50: duration(p.p50),
  p90: duration(p.p90),
  p99: duration(p.p99),
});

export const formatReport = (report: CaseReport): string => {
  const clocks = CLOCK_NAMES.flatMap((clock) => {
    const outcomes = report.clocks[clock];
    return outcomes ? [{ clock, ...outcomes, 'met %': percent(outcomes.metPercent) }] : [];
  });
  const lines = [
    `Cases opened ${report.from} to ${report.to}: ${report.cases}`,
    `By priority: ${Object.entries(report.byPriority)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ')}`,
    '',
    table(
      [timing('first response', report.firstResponseSeconds), timing('resolution', report.resolutionSeconds)],
      ['measure', 'count', 'p50', 'p90', 'p99'],
    ),
    '',
    `SLA met: ${percent(report.sla.metPercent)} (${report.sla.met} met, ${report.sla.breached} breached, ${report.sla.open} still running)`,
    ...(clocks.length ? [table(clocks, ['clock', 'met', 'breached', 'open', 'met %'])] : []),
    '',
    `Breaches by channel: ${
      Object.entries(report.breachesByChannel)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ') || 'none'
    }`,
    `Sentiment (${report.sentiment.cases} cases): mean first ${score(report.sentiment.meanFirst)}, mean latest ${score(report.sentiment.meanLatest)}; ` +
      `${report.sentiment.improved} improved, ${report.sentiment.worsened} worsened, ${report.sentiment.unchanged} unchanged`,
  ];
  return lines.join('\n');
};

export const reportCommand = async (
  io: Io,
  target: Target,
  options: { from: string; to: string; chart?: string; json?: boolean },
): Promise<number> => {
  const period = { from: parseDate('--from', options.from), to: parseDate('--to', options.to) };
  if (!(period.from < period.to)) throw new CliError('--to must be after --from');
  const report = buildReport(await allCases(target), period);
  if (options.chart) writeFileSync(options.chart, responseTimeChart(report));
  if (options.json) io.out(json(options.chart ? { ...report, chart: options.chart } : report));
  else io.out(`${formatReport(report)}${options.chart ? `\n\nChart written to ${options.chart}` : ''}`);
  return 0;
};
