/**
 * `npm run bench`: every benchmark in bench/ in turn, each in its own process (the local stack
 * owns process.env and the adapters while it runs), printing their tables as they come, then one
 * summary of the headline figures each printed (bench/support/summary.ts) with goal, verdict and
 * command; fails if any benchmark fails. A benchmark is a .ts file directly in bench/ other than this one.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type BenchmarkHeadlines, readHeadlines, summaryTable } from './support/summary.ts';

const dir = import.meta.dirname;
const benchmarks = readdirSync(dir)
  .filter((name) => name.endsWith('.ts') && name !== basename(import.meta.filename))
  .sort();

/** Runs one benchmark with stdout shown as it comes and kept, so its headline line can be read. */
const runOne = (name: string): Promise<{ code: number | string; stdout: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', '--import', 'tsx', join(dir, name), ...process.argv.slice(2)],
      { stdio: ['inherit', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', stdout }));
  });

const failed: string[] = [];
const headlines: BenchmarkHeadlines[] = [];
const allStarted = Date.now();
for (const name of benchmarks) {
  console.log(`\n## ${name.replace(/\.ts$/, '')}\n`);
  const started = Date.now();
  const { code, stdout } = await runOne(name);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (code !== 0) failed.push(name);
  const found = readHeadlines(stdout);
  headlines.push(...found);
  console.log(`\n${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${seconds} s`);
  if (code === 0 && found.length === 0) console.error(`${name} printed no bench-figures line; not in the summary`);
}
console.log(summaryTable(headlines));
console.log(`All ${benchmarks.length} benchmarks: ${Math.round((Date.now() - allStarted) / 1000)} s.`);
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${benchmarks.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
