/**
 * Test files share their workers, one after another in one process: a file that left the
 * environment, the clock or a stack changed would change the files after it. Each must restore
 * what it changes, as test/support/shared-workers.ts states, and the setup of every file
 * (test/support/fresh-modules.ts) must put the worker back when one does not.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ISOLATED_FILES } from '../support/shared-workers.ts';
import { STACK_WORKER_FILES } from '../support/stack-workers.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

const sharedFiles = readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && !file.startsWith('scale/'))
  .map((file) => `test/${file}`)
  .filter((file) => !ISOLATED_FILES.includes(file));

const STARTS_A_STACK = /startTestStack\(|startLocalStack\(/;

/** The functions a file calls by this pattern and imports from Sundown's own modules (renewed per file). */
const calledFromSundown = (source: string, call: RegExp): { called: string[]; renewed: string[] } => {
  const called = [...source.matchAll(call)].map((match) => match[1] ?? '');
  const fromSundown = [...source.matchAll(/import \{([^}]*)\} from '(?:\.\.\/)+(?:functions|local)\/[^']+'/g)]
    .flatMap((match) => (match[1] ?? '').split(','))
    .map((name) => name.trim());
  return { called, renewed: called.filter((name) => fromSundown.includes(name)) };
};

/** What a shared file must not do, each with how to find it in the file's source. */
const FORBIDDEN: readonly (readonly [string, (source: string) => boolean])[] = [
  [
    'writes process.env itself (vi.stubEnv and vi.unstubAllEnvs restore it)',
    (source) =>
      /process\.env(\.\w+|\[[^\]]+\])\s*=[^=]|Object\.assign\(\s*process\.env|delete process\.env/.test(source),
  ],
  ['stubs the environment without vi.unstubAllEnvs', (s) => s.includes('vi.stubEnv') && !s.includes('unstubAllEnvs')],
  ['stubs a global without vi.unstubAllGlobals', (s) => s.includes('vi.stubGlobal') && !s.includes('unstubAllGlobals')],
  [
    'moves the clock without putting it back',
    (s) =>
      /globalThis\.Date\s*=[^=]/.test(s) ||
      (s.includes('shiftClock(') && !/\.restore\(\)/.test(s)) ||
      (s.includes('useFakeTimers') && !s.includes('useRealTimers')),
  ],
  ['starts a local stack and never stops it', (s) => STARTS_A_STACK.test(s) && !/\.stop\(\)/.test(s)],
  [
    'registers into a registry that is not one of the Sundown modules renewed per file',
    (s) => {
      const { called, renewed } = calledFromSundown(s, /\b(register[A-Z]\w*)\(/g);
      return called.length > renewed.length;
    },
  ],
];

/** This file names what it looks for. */
const THIS_FILE = 'test/architecture/shared-workers.test.ts';

/** The functions a test-folder helper exports that start a local stack. */
const stackStartersIn = (helper: string): string[] =>
  read(helper)
    .split(/\nexport /)
    .slice(1)
    .filter((exported) => STARTS_A_STACK.test(exported))
    .map((exported) => /^(?:async )?(?:const|function) (\w+)/.exec(exported)?.[1] ?? '');

/** Whether a file starts a local stack itself or through a function of a test-folder helper it imports. */
const startsAStack = (file: string): boolean => {
  const source = read(file);
  if (STARTS_A_STACK.test(source)) return true;
  return [...source.matchAll(/import \{([^}]*)\} from '(\.{1,2}\/[^']+\.ts)'/g)].some(([, names = '', from = '']) => {
    const helper = join(dirname(file), from);
    if (!helper.startsWith('test/') || helper.endsWith('.test.ts') || !existsSync(join(ROOT, helper))) return false;
    const starters = stackStartersIn(helper);
    return names.split(',').some((name) => starters.includes(name.trim()) && source.includes(`${name.trim()}(`));
  });
};

describe('the test files that share workers', () => {
  it('restore the environment, clock and registries they change, and stop the stacks they start', () => {
    // Act
    const breaches = sharedFiles
      .filter((file) => file !== THIS_FILE)
      .flatMap((file) => {
        const source = read(file);
        return FORBIDDEN.filter(([, found]) => found(source)).map(([what]) => `${file} ${what}`);
      });

    // Assess
    expect(sharedFiles.length).toBeGreaterThan(150);
    expect(breaches).toEqual([]);
  });

  it('that start a local stack, directly or through a helper, are the ones stack-workers.ts lists', () => {
    // Act
    const starting = sharedFiles.filter(startsAStack);

    // Assess
    expect(starting).toContain('test/fuzz/every-route.test.ts');
    expect([...starting].sort()).toEqual([...STACK_WORKER_FILES].sort());
  });

  it('get the environment the worker started with, the real clock and fresh modules, whatever the file before left', async () => {
    // Prepare: what a file that failed half-way would leave behind.
    const RealDate = Date;
    const { once: before } = await import('../../functions/commons/once.ts');
    process.env.SUNDOWN_TEST_LEFT_BEHIND = 'by the file before';
    const powertoolsLevel = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
    globalThis.Date = class extends RealDate {} as DateConstructor;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    // Act: the setup the next file starts with.
    vi.resetModules();
    await import('../support/fresh-modules.ts');
    const { once: after } = await import('../../functions/commons/once.ts');

    // Assess
    expect(process.env.SUNDOWN_TEST_LEFT_BEHIND).toBeUndefined();
    expect(process.env.POWERTOOLS_LOG_LEVEL).toBe(powertoolsLevel);
    expect(globalThis.Date).toBe(RealDate);
    expect(vi.isMockFunction(process.stdout.write)).toBe(false);
    expect(write).not.toBe(process.stdout.write);
    expect(after).not.toBe(before);
  });
});
