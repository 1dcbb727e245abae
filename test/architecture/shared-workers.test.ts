/**
 * Files in the shared-worker project run one after another in one process with one module
 * cache: a file that changed the environment, a registry or the clock would change the files
 * after it. Each must keep to the rules test/support/shared-workers.ts states.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_WORKER_DIRS, SHARED_WORKER_FILES } from '../support/shared-workers.ts';
import { STACK_WORKER_FILES } from '../support/stack-workers.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

const testFilesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file));

/** What a shared-worker file must not do, each with how to find it in the file's source. */
const FORBIDDEN: readonly (readonly [string, (source: string) => boolean])[] = [
  [
    'sets process.env',
    (source) =>
      /process\.env(\.\w+|\[[^\]]+\])\s*=[^=]|Object\.assign\(\s*process\.env|delete process\.env/.test(source),
  ],
  ['stubs the environment', (source) => /vi\.stubEnv|vi\.stubGlobal/.test(source)],
  ['mocks a module', (source) => /vi\.mock\(/.test(source)],
  ['starts a local stack', (source) => /startTestStack|startLocalStack/.test(source)],
  ['registers into a registry', (source) => /\bregister[A-Z]\w*\(/.test(source)],
  [
    'moves the clock without putting it back',
    (source) =>
      /shiftClock|globalThis\.Date\s*=/.test(source) ||
      (source.includes('useFakeTimers') && !source.includes('useRealTimers')),
  ],
];

/** This file names what it looks for. */
const THIS_FILE = 'test/architecture/shared-workers.test.ts';
const sharedFiles = [
  ...SHARED_WORKER_DIRS.flatMap((dir) => testFilesUnder(`test/${dir}`)),
  ...SHARED_WORKER_FILES,
].filter((file) => file !== THIS_FILE);

/** The test-folder modules a file imports (one level): a helper there can start a stack for it. */
const helpersOf = (file: string, source: string): string[] =>
  [...source.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)]
    .map((match) => join(dirname(file), match[1] ?? ''))
    .filter((helper) => helper.startsWith('test/') && existsSync(join(ROOT, helper)));

describe('the shared-worker test files', () => {
  it('start no local stack through a helper either (those share the stack workers)', () => {
    // Act
    const breaches = sharedFiles.flatMap((file) =>
      helpersOf(file, readFileSync(join(ROOT, file), 'utf8'))
        .filter((helper) => /startTestStack|startLocalStack/.test(readFileSync(join(ROOT, helper), 'utf8')))
        .map((helper) => `${file} starts a local stack through ${helper}`),
    );

    // Assess
    expect(breaches).toEqual([]);
  });

  it('set no process.env, mock no module, start no local stack, register nothing and move no clock', () => {
    // Act
    const breaches = sharedFiles.flatMap((file) => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      return FORBIDDEN.filter(([, found]) => found(source)).map(([what]) => `${file} ${what}`);
    });

    // Assess
    expect(sharedFiles.length).toBeGreaterThan(SHARED_WORKER_FILES.length);
    expect(breaches).toEqual([]);
  });

  it('that start a local stack keep to the same rules otherwise, and each stops what it started', () => {
    // Act
    const breaches = STACK_WORKER_FILES.flatMap((file) => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      const rules = FORBIDDEN.filter(([what]) => what !== 'starts a local stack');
      const stops = !/startTestStack|startLocalStack/.test(source) || /\.stop\(\)/.test(source);
      return [
        ...rules.filter(([, found]) => found(source)).map(([what]) => `${file} ${what}`),
        ...(stops ? [] : [`${file} never stops its stack`]),
      ];
    });

    // Assess
    expect(STACK_WORKER_FILES.some((file) => (SHARED_WORKER_FILES as readonly string[]).includes(file))).toBe(false);
    expect(breaches).toEqual([]);
  });
});
