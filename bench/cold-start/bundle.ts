/**
 * Bundles one function exactly as `cdk deploy` does (the shared options of
 * lib/constructs/bundling.ts), and says what is in the bundle (esbuild's metafile).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import type { SundownConfig } from '../../functions/config/schema.ts';
import { type SundownBundlingOptions, sundownEsbuildOptions } from '../../lib/constructs/bundling.ts';

export interface Bundle {
  readonly name: string;
  /** The index.mjs NodejsFunction would upload. */
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The index.mjs.map beside it, when source maps are on; 0 otherwise. */
  readonly mapBytes: number;
  readonly metafile: Metafile;
}

export const bundleFunction = async (options: {
  readonly name: string;
  readonly entry: string;
  readonly outDir: string;
  readonly config: SundownConfig;
  readonly bundling?: SundownBundlingOptions;
  /** Experiments only: esbuild options that differ from the deployed ones. */
  readonly overrides?: BuildOptions;
}): Promise<Bundle> => {
  const file = join(options.outDir, options.name.replace(/[^\w-]+/g, '-'), 'index.mjs');
  const result = await build({
    ...sundownEsbuildOptions(options.config, options.bundling),
    ...options.overrides,
    entryPoints: [options.entry],
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const code = readFileSync(file);
  const map = `${file}.map`;
  return {
    name: options.name,
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    mapBytes: existsSync(map) ? readFileSync(map).length : 0,
    metafile: result.metafile,
  };
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
