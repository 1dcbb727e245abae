/**
 * Module-load time as a ratio to an empty module, from paired runs: each sample is a fresh `node`
 * process importing one bundle (without calling its handler) next to one importing an empty module,
 * the pair's order alternating and the bundles' order rotating every round, so a busy moment on the
 * machine lands on both halves of a pair instead of on one bundle. Measured from outside (spawn to
 * exit, the whole process) and inside (the `import()` alone).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentile } from '../support/figures.ts';

export interface LoadSubject {
  readonly name: string;
  readonly file: string;
  /** Node flags of the Lambda environment (NODE_OPTIONS), e.g. --enable-source-maps. */
  readonly nodeFlags: readonly string[];
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface LoadRatio {
  readonly name: string;
  /** Whole process, bundle ÷ empty module of the same pair. */
  readonly process: Spread;
  /** `import()` alone, bundle ÷ empty module of the same pair. */
  readonly importOnly: Spread;
  /** Median whole-process time of the bundle and of its empty partners, in ms. */
  readonly processMs: number;
  readonly emptyProcessMs: number;
}

const LOADER = `const started = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - started));
`;

export const spreadOf = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
};

export const measureLoadRatios = (options: {
  readonly subjects: readonly LoadSubject[];
  readonly emptyFile: string;
  readonly rounds: number;
  readonly workDir: string;
  /** The deployed function's environment (logging and metrics as in production). */
  readonly env: Readonly<Record<string, string>>;
}): LoadRatio[] => {
  const loader = join(options.workDir, 'loader.mjs');
  writeFileSync(loader, LOADER);
  const run = (file: string, nodeFlags: readonly string[]) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, [...nodeFlags, loader, pathToFileURL(file).href], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...options.env },
    });
    const processMs = performance.now() - start;
    if (result.status !== 0) throw new Error(`${file} failed to load: ${result.stderr}`);
    return { processMs, importMs: Number(result.stdout) };
  };
  const samples = options.subjects.map(() => ({
    process: [] as number[],
    importOnly: [] as number[],
    ms: [] as number[],
    emptyMs: [] as number[],
  }));
  const count = options.subjects.length;
  for (let round = 0; round < options.rounds; round++) {
    for (let step = 0; step < count; step++) {
      const index = (step + round) % count;
      const subject = options.subjects[index] as LoadSubject;
      // The empty module runs with the same flags, so the ratio is about the bundle alone.
      const bundleFirst = round % 2 === 0;
      const first = run(bundleFirst ? subject.file : options.emptyFile, subject.nodeFlags);
      const second = run(bundleFirst ? options.emptyFile : subject.file, subject.nodeFlags);
      const [bundle, empty] = bundleFirst ? [first, second] : [second, first];
      const sample = samples[index];
      sample?.process.push(bundle.processMs / empty.processMs);
      sample?.importOnly.push(bundle.importMs / empty.importMs);
      sample?.ms.push(bundle.processMs);
      sample?.emptyMs.push(empty.processMs);
    }
  }
  return options.subjects.map((subject, i) => {
    const sample = samples[i] ?? { process: [], importOnly: [], ms: [], emptyMs: [] };
    return {
      name: subject.name,
      process: spreadOf(sample.process),
      importOnly: spreadOf(sample.importOnly),
      processMs: spreadOf(sample.ms).median,
      emptyProcessMs: spreadOf(sample.emptyMs).median,
    };
  });
};
