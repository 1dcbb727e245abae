/**
 * The floor under a function's module load: the runtime's SDK packages its bundle requires at start,
 * required by a module of their own with nothing else, and loaded the same way as the bundles. While
 * a function loads those clients at start, no trimming of its own code takes its load below this.
 * Which packages: read from the module cache of a process that has imported the bundle, since a
 * bundle also holds clients it loads only with their first use (adapters/sqs/deferred.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bundle } from './bundle.ts';

const LISTER = `import { createRequire } from 'node:module';
await import(process.argv[2]);
const names = Object.keys(createRequire(import.meta.url).cache)
  .map((file) => /node_modules\\/(@aws-sdk\\/(?:client|lib)-[a-z0-9-]+)\\/dist-cjs\\/index\\.js$/.exec(file)?.[1])
  .filter(Boolean);
process.stdout.write(JSON.stringify(names));
`;

export interface SdkFloor {
  readonly name: string;
  /** The @aws-sdk client and lib packages the bundle has loaded once imported. */
  readonly packages: readonly string[];
  /** A module requiring those packages and nothing else. */
  readonly file: string;
}

export const sdkFloors = (options: {
  readonly bundles: readonly Bundle[];
  readonly workDir: string;
  readonly env: Readonly<Record<string, string>>;
}): SdkFloor[] => {
  const lister = join(options.workDir, 'sdk-lister.mjs');
  writeFileSync(lister, LISTER);
  mkdirSync(join(options.workDir, 'sdk-floors'), { recursive: true });
  return options.bundles.map((bundle) => {
    const packages: string[] = JSON.parse(
      execFileSync(process.execPath, [lister, pathToFileURL(bundle.file).href], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...options.env },
      }),
    );
    const file = join(options.workDir, 'sdk-floors', `${bundle.name.replace(/[^\w-]+/g, '-')}.mjs`);
    writeFileSync(
      file,
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        ...packages.map((name) => `require('${name}');`),
        '',
      ].join('\n'),
    );
    return { name: bundle.name, packages, file };
  });
};
