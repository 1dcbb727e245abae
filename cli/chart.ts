/**
 * The report's chart as hand-written SVG (no external assets, so it opens anywhere): first-
 * response time per hour or day bucket, p50 and p90 lines, axes with labels and a legend.
 */
import type { CaseReport } from '../functions/domain/reports.ts';

const WIDTH = 860;
const HEIGHT = 380;
const MARGIN = { top: 48, right: 24, bottom: 64, left: 64 } as const;
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const SERIES = [
  { key: 'p50', label: 'p50', colour: '#2563eb' },
  { key: 'p90', label: 'p90', colour: '#ea580c' },
] as const;

const escapeXml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A round axis maximum (1, 2 or 5 times a power of ten) at or above `value`. */
const niceCeiling = (value: number): number => {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
};

const text = (x: number, y: number, content: string, attributes = ''): string =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`;

export const responseTimeChart = (report: CaseReport): string => {
  const buckets = report.responseTimes;
  const minutes = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds / 60);
  const yMax = niceCeiling(Math.max(0, ...buckets.map((b) => minutes(b.p90) ?? 0)));
  const step = PLOT_WIDTH / Math.max(1, buckets.length);
  const xOf = (i: number) => MARGIN.left + step * (i + 0.5);
  const yOf = (value: number) => MARGIN.top + PLOT_HEIGHT - (value / yMax) * PLOT_HEIGHT;
  const parts: string[] = [];

  parts.push(`<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  parts.push(
    text(
      WIDTH / 2,
      24,
      `First-response time per ${report.bucket}, ${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}`,
      'text-anchor="middle" font-size="16" font-weight="bold"',
    ),
  );
  for (let i = 0; i <= 5; i++) {
    const value = (yMax * i) / 5;
    const y = yOf(value);
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y.toFixed(1)}" x2="${WIDTH - MARGIN.right}" y2="${y.toFixed(1)}" stroke="#e5e7eb"/>`,
    );
    parts.push(text(MARGIN.left - 8, y + 4, Number(value.toFixed(2)).toString(), 'text-anchor="end" font-size="11"'));
  }
  parts.push(
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + PLOT_HEIGHT}" stroke="#111827"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + PLOT_HEIGHT}" x2="${WIDTH - MARGIN.right}" y2="${MARGIN.top + PLOT_HEIGHT}" stroke="#111827"/>`,
    text(
      18,
      MARGIN.top + PLOT_HEIGHT / 2,
      'minutes',
      `text-anchor="middle" font-size="12" transform="rotate(-90 18 ${MARGIN.top + PLOT_HEIGHT / 2})"`,
    ),
    text(
      MARGIN.left + PLOT_WIDTH / 2,
      HEIGHT - 12,
      `cases opened per ${report.bucket} (UTC)`,
      'text-anchor="middle" font-size="12"',
    ),
  );
  const labelEvery = Math.max(1, Math.ceil(buckets.length / 12));
  buckets.forEach((bucket, i) => {
    if (i % labelEvery !== 0) return;
    const label =
      report.bucket === 'hour'
        ? `${bucket.start.slice(5, 10)} ${bucket.start.slice(11, 13)}h`
        : bucket.start.slice(5, 10);
    parts.push(text(xOf(i), MARGIN.top + PLOT_HEIGHT + 18, label, 'text-anchor="middle" font-size="10"'));
  });
  for (const series of SERIES) {
    const points = buckets.flatMap((bucket, i) => {
      const value = minutes(bucket[series.key]);
      return value === undefined ? [] : [`${xOf(i).toFixed(1)},${yOf(value).toFixed(1)}`];
    });
    if (points.length > 1)
      parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${series.colour}" stroke-width="2"/>`);
    for (const point of points) {
      const [x, y] = point.split(',');
      parts.push(`<circle cx="${x}" cy="${y}" r="3" fill="${series.colour}"/>`);
    }
  }
  SERIES.forEach((series, i) => {
    const x = WIDTH - MARGIN.right - 120 + i * 60;
    parts.push(`<rect x="${x}" y="${MARGIN.top - 18}" width="12" height="4" fill="${series.colour}"/>`);
    parts.push(text(x + 16, MARGIN.top - 12, series.label, 'font-size="11"'));
  });
  if (buckets.every((bucket) => bucket.responses === 0)) {
    parts.push(
      text(
        MARGIN.left + PLOT_WIDTH / 2,
        MARGIN.top + PLOT_HEIGHT / 2,
        'no first responses in this period',
        'text-anchor="middle" font-size="13" fill="#6b7280"',
      ),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    ...parts.map((part) => `  ${part}`),
    '</svg>',
    '',
  ].join('\n');
};
