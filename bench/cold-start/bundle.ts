/**
 * Bundles one function exactly as `cdk deploy` does (the shared options of
 * lib/constructs/bundling.ts), and says what is in the bundle (esbuild's metafile).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import type { SundownConfig } from '../../functions/config/schema.ts';
import { sundownEsbuildOptions } from '../../lib/constructs/bundling.ts';

export interface Bundle {
  readonly name: string;
  /** The index.mjs NodejsFunction would upload. */
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly metafile: Metafile;
}

export const bundleFunction = async (options: {
  readonly name: string;
  readonly entry: string;
  readonly outDir: string;
  readonly config: SundownConfig;
  readonly plugins?: Plugin[];
}): Promise<Bundle> => {
  const file = join(options.outDir, options.name.replace(/[^\w-]+/g, '-'), 'index.mjs');
  const result = await build({
    ...sundownEsbuildOptions(options.config),
    entryPoints: [options.entry],
    outfile: file,
    metafile: true,
    logLevel: 'silent',
    ...(options.plugins && { plugins: options.plugins }),
  });
  const code = readFileSync(file);
  return { name: options.name, file, bytes: code.length, gzipBytes: gzipSync(code).length, metafile: result.metafile };
};

/**
 * Experiment only: zod's classic build keeps every locale (about 40 languages of error messages)
 * in any bundle that uses it, though only English is ever configured. This plugin hands esbuild a
 * locales module holding English alone, to measure what that costs.
 */
export const englishOnlyZodLocales: Plugin = {
  name: 'english-only-zod-locales',
  setup(build) {
    build.onLoad({ filter: /node_modules\/zod\/v4\/locales\/index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: join(import.meta.dirname, '../../node_modules/zod/v4/locales'),
    }));
  },
};

/** Output bytes by package (node_modules/<name>) or, for our own code, by top folder. */
export const bytesByPackage = (bundle: Bundle): Map<string, number> => {
  const output = Object.values(bundle.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const totals = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = inModules?.[1] ?? path.split('/').slice(0, 2).join('/');
    totals.set(key, (totals.get(key) ?? 0) + input.bytesInOutput);
  }
  return new Map([...totals].sort((a, b) => b[1] - a[1]));
};
