/**
 * Module-load time: a fresh `node` process per sample that imports one module and exits,
 * without calling anything it exports. Measured from outside (spawn to exit, what a cold start
 * adds before the handler runs) and inside (the `import()` alone). Modules take turns round by
 * round, so a busy moment on the machine spreads over all of them rather than one.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentile } from '../support/figures.ts';

export interface LoadTime {
  readonly name: string;
  /** Median spawn-to-exit of `node loader.mjs <module>`. */
  readonly processMs: number;
  /** Median time of the `import()` inside that process. */
  readonly importMs: number;
}

const LOADER = `const started = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - started));
`;

const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export const measureLoadTimes = (options: {
  readonly modules: readonly { readonly name: string; readonly file: string }[];
  readonly rounds: number;
  readonly workDir: string;
  /** Node flags of the Lambda environment (NODE_OPTIONS), e.g. --enable-source-maps. */
  readonly nodeFlags: readonly string[];
}): LoadTime[] => {
  const loader = join(options.workDir, 'loader.mjs');
  writeFileSync(loader, LOADER);
  const samples = options.modules.map(() => ({ processMs: [] as number[], importMs: [] as number[] }));
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, module] of options.modules.entries()) {
      const start = performance.now();
      const result = spawnSync(process.execPath, [...options.nodeFlags, loader, pathToFileURL(module.file).href], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1' },
      });
      const elapsed = performance.now() - start;
      if (result.status !== 0) throw new Error(`${module.name} failed to load: ${result.stderr}`);
      samples[i]?.processMs.push(elapsed);
      samples[i]?.importMs.push(Number(result.stdout));
    }
  }
  return options.modules.map((module, i) => ({
    name: module.name,
    processMs: median(samples[i]?.processMs ?? []),
    importMs: median(samples[i]?.importMs ?? []),
  }));
};
