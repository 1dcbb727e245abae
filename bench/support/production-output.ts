/**
 * Imported first by the benchmarks that run handlers in their own process: logs and metrics as
 * deployed (Powertools JSON logs at the config's `operations.logLevel`, EMF metrics), so their
 * CPU is paid as on Lambda. The JSON lines they print on stdout are written to /dev/null instead
 * of burying the tables (a write each, as Lambda's log pipe takes one), and counted.
 */
import { openSync, readFileSync, writeSync } from 'node:fs';

const configFile = process.env.SUNDOWN_CONFIG ?? new URL('../../sundown.config.json', import.meta.url).pathname;
const config = JSON.parse(readFileSync(configFile, 'utf8')) as { operations?: { logLevel?: string } };
process.env.POWERTOOLS_LOG_LEVEL ??= config.operations?.logLevel ?? 'INFO';
process.env.SUNDOWN_METRICS ??= 'emf';
process.env.SUNDOWN_STAGE ??= 'bench';

export const divertedOutput = { lines: 0, bytes: 0 };

const sink = openSync('/dev/null', 'w');
const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (!text.startsWith('{')) return write(chunk, ...rest);
  writeSync(sink, text);
  divertedOutput.lines += text.split('\n').filter((line) => line.length > 0).length;
  divertedOutput.bytes += Buffer.byteLength(text);
  const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
  callback?.();
  return true;
}) as typeof process.stdout.write;

/** One line for a benchmark's report. */
export const divertedSummary = (): string =>
  `Logs and metrics as deployed (log level ${process.env.POWERTOOLS_LOG_LEVEL}, EMF metrics): ${divertedOutput.lines.toLocaleString('en-US')} JSON lines, ${Math.round(divertedOutput.bytes / 1024).toLocaleString('en-US')} KB, written to /dev/null.`;
