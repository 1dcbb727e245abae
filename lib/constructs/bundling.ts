/**
 * How every Sundown function is bundled, in one place: the CDK construct (NodejsFunction runs
 * esbuild with these) and the cold-start benchmark (runs esbuild itself) read the same options,
 * so a measured bundle is the deployed bundle.
 */
import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import type { SundownConfig } from '../../functions/config/schema.ts';

export const SUNDOWN_RUNTIME = Runtime.NODEJS_22_X;

/** Where `cdk` runs esbuild; the direct call below may run from anywhere. */
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/**
 * Why the banner: bundled CommonJS dependencies call `require('node:https')`, which an ES module
 * does not have; without it the first call fails with `Dynamic require of "node:https"`.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __sundownCreateRequire } from 'node:module';const require = __sundownCreateRequire(import.meta.url);";

/**
 * Taken from the Lambda runtime, not bundled: the nodejs22.x runtime carries AWS SDK v3 (every
 * client, lib-dynamodb, and the @smithy packages they use). Bundled, the SDK was about 300 KB of
 * every function, more than the 250 KB the webhook receiver may weigh in all. The price: functions
 * run the runtime's SDK version, not the one package.json pins and the tests run.
 */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*', '@smithy/*'];

/**
 * The runtime's SDK packages the functions (and Powertools) import, each aliased to a shim in
 * ./runtime-sdk/ that `require`s it. Imported from an ES module, Node loads CommonJS through its
 * ES module loader, lexing every file of the SDK for its exports: about a third of a function's
 * module load. Through `require` (the banner's) it is plain CommonJS loading. The `.mjs` half of a
 * shim names the exports the bundle uses: esbuild then copies the package's exports into an ES
 * namespace once, not once per importing module (23 copies, of up to 526 getters each, in the timer worker).
 * Paths are relative to the project root, where esbuild runs (locally and in the bundling container alike).
 */
export const RUNTIME_SDK_PACKAGES = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-sqs',
  '@aws-sdk/lib-dynamodb',
] as const;

const runtimeSdkAlias = (root = '.'): Record<string, string> =>
  Object.fromEntries(
    RUNTIME_SDK_PACKAGES.map((name) => [
      name,
      `${root}/lib/constructs/runtime-sdk/${name.replace('@aws-sdk/', '')}.mjs`,
    ]),
  );

export interface SundownBundlingOptions {
  /**
   * Ship a source map (without the sources' text) and run with --enable-source-maps, for readable
   * stack traces while debugging a stage; off by default, since Node parses the map at every cold start.
   * @default false
   */
  readonly sourceMaps?: boolean;
}

/** ESM, minified, module-first entry points so esbuild can drop what is not imported, the config inlined. */
const shared = {
  minify: true,
  // Minified names would leave stack traces without a single readable frame; names cost about 5 % of the bundle.
  keepNames: true,
  mainFields: ['module', 'main'],
  externalModules: RUNTIME_PROVIDED_MODULES,
  banner: REQUIRE_BANNER,
};

const configDefine = (config: SundownConfig): Record<string, string> => ({
  __SUNDOWN_CONFIG__: JSON.stringify(JSON.stringify(config)),
});

/** For NodejsFunction. */
export const sundownBundling = (config: SundownConfig, options: SundownBundlingOptions = {}): BundlingOptions => ({
  format: OutputFormat.ESM,
  ...shared,
  sourceMap: options.sourceMaps ?? false,
  sourcesContent: false,
  define: configDefine(config),
  esbuildArgs: { '--alias': Object.entries(runtimeSdkAlias()).map(([name, shim]) => `${name}=${shim}`) },
});

/**
 * The same bundling as a direct esbuild call, mirroring the arguments NodejsFunction passes
 * (`--bundle --target=node22 --platform=node --format=esm --outfile=index.mjs ...`).
 */
export const sundownEsbuildOptions = (config: SundownConfig, options: SundownBundlingOptions = {}): BuildOptions => ({
  bundle: true,
  target: SUNDOWN_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1'),
  platform: 'node',
  format: 'esm',
  minify: shared.minify,
  keepNames: shared.keepNames,
  sourcemap: options.sourceMaps ?? false,
  sourcesContent: false,
  mainFields: shared.mainFields,
  external: shared.externalModules,
  alias: runtimeSdkAlias(PROJECT_ROOT),
  banner: { js: shared.banner },
  define: configDefine(config),
});

/** The Node flags a function runs with (its NODE_OPTIONS), which the benchmark loads bundles with too. */
export const sundownNodeOptions = (options: SundownBundlingOptions = {}): string[] =>
  options.sourceMaps ? ['--enable-source-maps'] : [];
