/**
 * Signatures, digests and tokens are compared in constant time: through constantTimeEqual
 * (crypto.timingSafeEqual on equal-length buffers), never with === on the secret-derived value.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, constantTimeEqualText } from '../../functions/platforms/signature.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const VERIFYING_CODE = ['functions/platforms', 'functions/commons', 'functions/alerts'];

const tsFiles = (path: string): string[] =>
  statSync(path).isDirectory()
    ? readdirSync(path).flatMap((name) => tsFiles(join(path, name)))
    : path.endsWith('.ts')
      ? [path]
      : [];

const SECRET_DERIVED = /signature|digest|hmac|mac\b|token|expected|presented/i;
/** Comparing with these leaks nothing: presence checks and lengths. */
const HARMLESS = /^(undefined|null|''|""|\d+|true|false)$|\.length$/;

/** `a === b` comparisons in `source` where one side looks secret-derived and the other is not a harmless constant. */
const suspiciousComparisons = (source: string): string[] =>
  [...source.matchAll(/([\w$.[\]'"`]+)\s*(?:===|!==|==|!=)\s*([\w$.[\]'"`]+)/g)]
    .filter(([, left = '', right = '']) => {
      const secretSide = SECRET_DERIVED.test(left) || SECRET_DERIVED.test(right);
      return secretSide && !HARMLESS.test(left) && !HARMLESS.test(right);
    })
    .map(([match]) => match);

describe('constant-time signature comparisons', () => {
  it('finds no === or !== on a signature, digest or token in the verifying code', () => {
    const files = VERIFYING_CODE.flatMap((path) => tsFiles(join(repo, path)));

    const findings = files.flatMap((file) =>
      suspiciousComparisons(readFileSync(file, 'utf8')).map((found) => `${relative(repo, file)}: ${found}`),
    );

    expect(files.length).toBeGreaterThan(10);
    expect(findings).toEqual([]);
  });

  it('would catch a plain comparison of a signature', () => {
    expect(suspiciousComparisons('if (signature === expected) return ok;')).toEqual(['signature === expected']);
    expect(suspiciousComparisons('if (digest === undefined) return missing;')).toEqual([]);
  });

  it('compares through crypto.timingSafeEqual, treating unequal lengths as a mismatch instead of throwing', () => {
    const source = readFileSync(join(repo, 'functions/commons/hmac.ts'), 'utf8');

    expect(source).toMatch(/timingSafeEqual\(a, b\)/);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(constantTimeEqualText('sha256=1', 'sha256=12')).toBe(false);
  });
});
