/** How commands talk to the user: writers passed in (so tests capture them), tables, failures. */

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Asks a yes/no question; absent when nobody can answer (not a terminal, or a test). */
  confirm?(question: string): Promise<boolean>;
  /** Reads a secret value without echoing it: a hidden prompt in a terminal, else all of standard input. */
  readSecret?(prompt: string): Promise<string>;
}

/**
 * Terminal escape sequences (CSI such as "clear screen", OSC such as hyperlinks and window
 * titles, and two-byte ESC forms), then any control character left: C0 but newline and tab,
 * DEL, C1, and the bidirectional overrides that make text read other than it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ESCAPE_SEQUENCES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text as it may reach a terminal: data (a customer's name, a message) can colour nothing, move nothing, link nothing. */
export const printable = (text: string): string => text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '');

/** Every line the CLI prints goes through here. */
export const terminalIo = (io: Io): Io => ({
  ...io,
  out: (text) => io.out(printable(text)),
  err: (text) => io.err(printable(text)),
});

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

/** JSON escapes C0 controls itself; DEL, C1 and bidi overrides are escaped too, so the output stays exact and inert. */
export const json = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** A timestamp as `2026-11-23 13:22:30Z`, or an empty cell. */
export const when = (iso: string | undefined): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : '');
