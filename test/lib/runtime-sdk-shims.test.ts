/**
 * The ES half of each runtime-SDK shim (lib/constructs/runtime-sdk/*.mjs) lists the names the bundles
 * import from its package. esbuild refuses a name the list lacks, so every function must still bundle
 * as deployed; a listed name the package lacks would be undefined when the function runs, so each one
 * must be an export of the pinned SDK.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES } from '../../functions/handlers/routes.ts';
import { RUNTIME_SDK_PACKAGES, sundownEsbuildOptions } from '../../lib/constructs/bundling.ts';
import { repoConfig } from './sundown-templates.ts';

const root = path.resolve(import.meta.dirname, '../..');
const shimOf = (name: string) => path.join(root, 'lib/constructs/runtime-sdk', `${name.replace('@aws-sdk/', '')}.mjs`);

describe('the runtime SDK shims, by name', () => {
  it('list every SDK name a function imports: each function bundles as deployed', async () => {
    // Prepare
    const options = sundownEsbuildOptions(repoConfig());

    // Act
    const refused = await Promise.all(
      Object.entries(FUNCTION_ENTRIES).map(([name, entry]) =>
        build({
          ...options,
          entryPoints: [path.join(root, entry)],
          outfile: 'index.mjs',
          write: false,
          logLevel: 'silent',
        })
          .then(() => [])
          .catch((error: { errors?: { text: string }[] }) => (error.errors ?? []).map((e) => `${name}: ${e.text}`)),
      ),
    );

    // Assess
    expect(refused.flat()).toEqual([]);
  });

  it('list only names the SDK package exports', async () => {
    for (const name of RUNTIME_SDK_PACKAGES) {
      // Act
      const shim: Record<string, unknown> = await import(shimOf(name));

      // Assess
      expect(Object.keys(shim).length, name).toBeGreaterThan(0);
      expect(
        Object.keys(shim).filter((key) => shim[key] === undefined),
        name,
      ).toEqual([]);
    }
  });
});
