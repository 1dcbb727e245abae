/**
 * How every Sundown function is bundled, in one place: the CDK construct (NodejsFunction runs
 * esbuild with these) and the cold-start benchmark (runs esbuild itself) read the same options,
 * so a measured bundle is the deployed bundle.
 */
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import type { SundownConfig } from '../../functions/config/schema.ts';

export const SUNDOWN_RUNTIME = Runtime.NODEJS_22_X;

/**
 * Why the banner: bundled CommonJS dependencies call `require('node:https')`, which an ES module
 * does not have; without it the first call fails with `Dynamic require of "node:https"`.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __sundownCreateRequire } from 'node:module';const require = __sundownCreateRequire(import.meta.url);";

/** ESM, the AWS SDK bundled (not taken from the runtime), the validated config inlined. */
const shared = {
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  externalModules: [] as string[],
  banner: REQUIRE_BANNER,
};

const configDefine = (config: SundownConfig): Record<string, string> => ({
  __SUNDOWN_CONFIG__: JSON.stringify(JSON.stringify(config)),
});

/** For NodejsFunction. */
export const sundownBundling = (config: SundownConfig): BundlingOptions => ({
  format: OutputFormat.ESM,
  ...shared,
  define: configDefine(config),
});

/**
 * The same bundling as a direct esbuild call, mirroring the arguments NodejsFunction passes
 * (`--bundle --target=node22 --platform=node --format=esm --outfile=index.mjs ...`).
 */
export const sundownEsbuildOptions = (config: SundownConfig): BuildOptions => ({
  bundle: true,
  target: SUNDOWN_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1'),
  platform: 'node',
  format: 'esm',
  minify: shared.minify,
  sourcemap: shared.sourceMap,
  mainFields: shared.mainFields,
  external: shared.externalModules,
  banner: { js: shared.banner },
  define: configDefine(config),
});
