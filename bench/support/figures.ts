/** Small helpers every benchmark shares: timing, percentiles, bounded waits and the printed table. */

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every `everyMs` until it holds or `timeoutMs` passes; says which. */
export const waitFor = async (condition: () => boolean, timeoutMs: number, everyMs = 250): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
  return true;
};

/** Runs `work` over `items` with at most `limit` calls in flight; results keep the input order. */
export const mapLimit = async <T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

export const ms = (value: number): string =>
  Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} ms` : 'n/a';
export const count = (value: number): string => value.toLocaleString('en-US');
export const perSecond = (n: number, elapsedMs: number): string =>
  `${Math.round((n * 1000) / elapsedMs).toLocaleString('en-US')}/s`;

/** A Markdown table, so it can be pasted into a README as it is; numbers align right. */
export const table = (title: string, header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((name, column) =>
    Math.max(name.length, 3, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`;
  return [`\n${title}\n`, line(header), rule, ...rows.map(line), ''].join('\n');
};

/** Wall time and this process's CPU time (user + system, every thread) spent while `work` ran. */
export const measured = async (work: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
};

/**
 * A benchmark's headline figures, for `npm run bench`'s closing summary: each benchmark ends by
 * printing one line, `bench-figures {"benchmark":…,"figures":[…]}` (printHeadlines), on stdout.
 */
export interface HeadlineFigure {
  /** What was measured, e.g. "Receiver CPU × floor". */
  readonly figure: string;
  readonly value: number;
  /** Printed after the value: "×", "ms", "KB", "USD per 1M events". */
  readonly unit: string;
  /** Met when value ≤ atMost and value ≥ atLeast (each when given); no goal, no verdict. */
  readonly goal?: { readonly atMost?: number; readonly atLeast?: number };
  /** Spread over paired rounds, printed as "median (min–max)" with value the median. */
  readonly range?: { readonly min: number; readonly max: number };
  /** The command that reproduces the figure, with the flags this run used. */
  readonly command: string;
}

export const HEADLINE_MARK = 'bench-figures ';

export const printHeadlines = (benchmark: string, figures: readonly HeadlineFigure[]): void => {
  console.log(`${HEADLINE_MARK}${JSON.stringify({ benchmark, figures })}`);
};
