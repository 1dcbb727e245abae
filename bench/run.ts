/**
 * `npm run bench`: every benchmark in bench/ in turn, each in its own process (the local stack
 * owns process.env and the adapters while it runs), printing their tables; fails if any fails.
 * A benchmark is a .ts file directly in bench/ other than this one.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const dir = import.meta.dirname;
const benchmarks = readdirSync(dir)
  .filter((name) => name.endsWith('.ts') && name !== basename(import.meta.filename))
  .sort();

const failed: string[] = [];
const allStarted = Date.now();
for (const name of benchmarks) {
  console.log(`\n## ${name.replace(/\.ts$/, '')}\n`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', 'tsx', join(dir, name), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  if (result.status !== 0) failed.push(name);
  console.log(
    `\n${name}: ${result.status === 0 ? 'done' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s`,
  );
}
console.log(`\nAll ${benchmarks.length} benchmarks: ${Math.round((Date.now() - allStarted) / 1000)} s.`);
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${benchmarks.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
