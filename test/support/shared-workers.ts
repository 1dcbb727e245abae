/**
 * Every test file of `npm test` shares its workers with the others, one file after another in one
 * process: a worker starts once and loads the packages (the AWS SDK, aws-cdk-lib, zod) once, rather
 * than once per file (about 1 to 3 s of CPU each). test/support/fresh-modules.ts gives each file
 * fresh Sundown modules, the worker's own environment and the real clock.
 *
 * One project for all of them, because Vitest hands a finished worker only to a file of the same
 * project: with two, each change of project in the queue ended a worker and started another.
 *
 * A shared file restores what it changes: an environment it stubs (vi.stubEnv, then
 * vi.unstubAllEnvs), a clock it moves (shiftClock, then restore; vi.useFakeTimers, then
 * vi.useRealTimers), a stack it starts (stop). It writes no process.env directly. A target or
 * platform it registers or mocks in lives in the modules fresh-modules.ts renews for the next file.
 * test/architecture/shared-workers.test.ts checks it.
 */

/** Files that need a process of their own (none at present): they run in the `isolated` project. */
export const ISOLATED_FILES: readonly string[] = [];

/** Long scale runs have their own command, npm run test:scale (vitest.scale.config.ts), which CI runs too. */
export const SCALE_FILES = 'test/scale/**';
