/** What a figure was measured on: printed under every benchmark's tables. */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

const javaVersion = (): string => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return /version "([^"]+)"/.exec(result.stderr ?? '')?.[1] ?? 'not found';
};

export const machine = (): string => {
  const cores = cpus();
  const gib = Math.round(totalmem() / 2 ** 30);
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${gib} GiB; Node ${process.version}; Java ${javaVersion()}`;
};

/** The 1-minute load average: other work on the machine shows up here and in the figures. */
export const load = (): string => loadavg()[0]?.toFixed(2) ?? 'n/a';
