import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_SDK_PACKAGES } from '../../lib/constructs/bundling.ts';
import { importGraph, packageOf } from '../architecture/import-graph.ts';

const root = path.resolve(import.meta.dirname, '../..');
const shimOf = (name: string) => path.join(root, 'lib/constructs/runtime-sdk', `${name.replace('@aws-sdk/', '')}.cjs`);

describe('the runtime SDK shims', () => {
  it('cover every AWS SDK package the functions import, so none is loaded through the ES module loader', () => {
    const imported = new Set(
      importGraph(root)
        .map(({ to }) => packageOf(to))
        .filter((name) => name.startsWith('@aws-sdk/')),
    );

    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((name) => !(RUNTIME_SDK_PACKAGES as readonly string[]).includes(name))).toEqual([]);
  });

  it('give each listed package a shim that requires that package', () => {
    for (const name of RUNTIME_SDK_PACKAGES) {
      expect(existsSync(shimOf(name)), name).toBe(true);
      expect(readFileSync(shimOf(name), 'utf8')).toContain(`'${name}'`);
    }
  });
});
