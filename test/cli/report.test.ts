import { describe, expect, it } from 'vitest';
import { responseTimeChart } from '../../cli/chart.ts';
import { formatReport } from '../../cli/report.ts';
import type { Case } from '../../functions/domain/case.ts';
import { buildReport, percentiles } from '../../functions/domain/reports.ts';
import type { ClockState } from '../../functions/domain/sla/types.ts';
import { aCase } from '../adapters/dynamodb/fixtures.ts';
import { parseXml } from '../support/xml.ts';

const DAY = '2026-03-02';
const iso = (time: string, day = DAY) => `${day}T${time}:00.000Z`;
const plusMinutes = (start: string, minutes: number) => new Date(Date.parse(start) + minutes * 60_000).toISOString();

const firstResponse = (met: boolean, startedAt: string): ClockState => ({
  name: 'firstResponse',
  state: 'stopped',
  generation: 1,
  startedAt,
  target: 'PT15M',
  stoppedAt: startedAt,
  met,
  ...(!met && { breachedAt: plusMinutes(startedAt, 15) }),
});

/** A case opened at `openedAt` and answered `minutes` later (15 minutes allowed). */
const answered = (openedAt: string, minutes: number, overrides: Partial<Case> = {}): Case =>
  aCase({
    openedAt,
    firstResponseAt: plusMinutes(openedAt, minutes),
    sla: { policy: 'p', clocks: { firstResponse: firstResponse(minutes <= 15, openedAt) } },
    ...overrides,
  });

const period = { from: new Date(iso('00:00')), to: new Date(iso('00:00', '2026-03-03')) };

describe('the service report', () => {
  it('gives nearest-rank percentiles of first-response and resolution times', () => {
    // Prepare: first responses after 1..10 minutes; two cases resolved after 1 and 3 hours.
    const cases = Array.from({ length: 10 }, (_, i) =>
      answered(
        iso(`09:${String(i).padStart(2, '0')}`),
        i + 1,
        i < 2 ? { resolvedAt: plusMinutes(iso(`09:0${i}`), 60 + 120 * i) } : {},
      ),
    );

    // Act
    const report = buildReport(cases, period);

    // Assess
    expect(report.cases).toBe(10);
    expect(report.firstResponseSeconds).toEqual({ count: 10, p50: 300, p90: 540, p99: 600 });
    expect(report.resolutionSeconds).toEqual({ count: 2, p50: 3600, p90: 10_800, p99: 10_800 });
    expect(percentiles([])).toEqual({ count: 0 });
  });

  it('counts clocks met and breached, breaches by the opening channel, and cases by priority', () => {
    // Prepare
    const cases = [
      answered(iso('08:00'), 5, { channels: ['x'], priority: 'high' }),
      answered(iso('08:10'), 40, { channels: ['x', 'email'] }),
      answered(iso('08:20'), 20, { channels: ['whatsapp'] }),
      answered(iso('08:30'), 10, { channels: ['whatsapp'], priority: 'urgent' }),
      aCase({ openedAt: iso('23:00', '2026-03-01'), priority: 'low' }),
    ];

    // Act
    const report = buildReport(cases, period);

    // Assess: the case opened the day before is outside the period.
    expect(report.cases).toBe(4);
    expect(report.byPriority).toEqual({ low: 0, normal: 2, high: 1, urgent: 1 });
    expect(report.clocks.firstResponse).toEqual({ met: 2, breached: 2, open: 0, metPercent: 50 });
    expect(report.sla.metPercent).toBe(50);
    expect(report.breachesByChannel).toEqual({ x: 1, whatsapp: 1 });
  });

  it("shows how the customers' mood changed between their first and latest message", () => {
    const mood = (first: number, latest: number) => ({ first, latest, firstAt: iso('09:00'), latestAt: iso('10:00') });
    const cases = [
      aCase({ openedAt: iso('09:00'), sentiment: mood(-0.6, 0.2) }),
      aCase({ openedAt: iso('09:05'), sentiment: mood(-0.2, -0.4) }),
      aCase({ openedAt: iso('09:10'), sentiment: mood(0.1, 0.1) }),
      aCase({ openedAt: iso('09:15') }),
    ];

    const { sentiment } = buildReport(cases, period);

    expect(sentiment).toMatchObject({ cases: 3, improved: 1, worsened: 1, unchanged: 1 });
    expect(sentiment.meanFirst).toBeCloseTo(-0.7 / 3);
    expect(sentiment.meanLatest).toBeCloseTo(-0.1 / 3);
  });

  it('buckets first-response times per hour over a day and per day over longer periods', () => {
    const cases = [answered(iso('09:00'), 2), answered(iso('09:30'), 4), answered(iso('11:00'), 10)];

    const hourly = buildReport(cases, period);
    const daily = buildReport(cases, {
      from: new Date(iso('00:00', '2026-03-01')),
      to: new Date(iso('00:00', '2026-03-08')),
    });

    expect(hourly.bucket).toBe('hour');
    expect(hourly.responseTimes).toHaveLength(24);
    expect(hourly.responseTimes[9]).toEqual({ start: iso('09:00'), responses: 2, p50: 120, p90: 240 });
    expect(hourly.responseTimes[10]).toEqual({ start: iso('10:00'), responses: 0 });
    expect(daily.bucket).toBe('day');
    expect(daily.responseTimes.map((b) => b.responses)).toEqual([0, 3, 0, 0, 0, 0, 0]);
  });

  it('prints the percentiles, SLA met and breaches as text', () => {
    const text = formatReport(buildReport([answered(iso('09:00'), 5), answered(iso('10:00'), 30)], period));

    expect(text).toContain('Cases opened 2026-03-02T00:00:00.000Z to 2026-03-03T00:00:00.000Z: 2');
    expect(text).toMatch(/first response\s+2\s+300s|first response\s+2\s+5\.0m/);
    expect(text).toContain('SLA met: 50.0% (1 met, 1 breached, 0 still running)');
  });
});

describe('the response-time chart', () => {
  it('is well-formed SVG with a p50 and a p90 line, axes and labels', () => {
    // Prepare
    const report = buildReport(
      [answered(iso('09:00'), 2), answered(iso('10:00'), 8), answered(iso('11:00'), 30)],
      period,
    );

    // Act
    const svg = responseTimeChart(report);

    // Assess
    const parsed = parseXml(svg) as { svg?: { polyline?: unknown[]; line?: unknown[]; text?: unknown[] } };
    expect(parsed.svg).toBeDefined();
    expect(svg.replaceAll(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
    expect(parsed.svg?.polyline).toHaveLength(2);
    expect(svg).toContain('stroke="#2563eb"');
    expect(svg).toContain('First-response time per hour, 2026-03-02 to 2026-03-03');
    expect(svg).toContain('>minutes</text>');
    expect(svg).toContain('>03-02 10h</text>');
  });

  it('says so when there is nothing to draw', () => {
    const svg = responseTimeChart(buildReport([], period));

    expect(() => parseXml(svg)).not.toThrow();
    expect(svg).toContain('no first responses in this period');
  });
});
