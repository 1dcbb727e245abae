/** How commands talk to the user: writers passed in (so tests capture them), tables, failures. */

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Asks a yes/no question; absent when nobody can answer (not a terminal, or a test). */
  confirm?(question: string): Promise<boolean>;
}

/** A failure the user can fix: printed as is, exit code 1, no stack trace. */
export class CliError extends Error {}

export type Row = Readonly<Record<string, string | number | boolean | undefined>>;

/** Left-aligned columns, two spaces apart, with a header row. */
export const table = (rows: readonly Row[], columns: readonly string[]): string => {
  const cells = [columns, ...rows.map((row) => columns.map((column) => String(row[column] ?? '')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? '').length)));
  return cells
    .map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** A timestamp as `2026-11-23 13:22:30Z`, or an empty cell. */
export const when = (iso: string | undefined): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : '');
