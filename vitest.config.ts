import { defineConfig } from 'vitest/config';
import LongFilesFirst from './test/support/long-files-first.ts';
import { SHARED_WORKER_GLOBS } from './test/support/shared-workers.ts';
import { STACK_WORKER_FILES } from './test/support/stack-workers.ts';

const common = {
  // Handlers log JSON through Powertools; tests only want warnings and errors.
  env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // One DynamoDB Local for both projects; each test file makes its own tables on it.
    globalSetup: ['test/support/global-setup.ts'],
    // Five workers on two cores: the longest local-stack files mostly wait (for deadlines, sweeps,
    // queues), and with three, two of them held two workers for a minute while the CPU idled
    // (a fresh run on 2026-12-06: 3 workers 286 s on a busy machine, 4 workers 200 s, 5 workers 188 s).
    maxWorkers: 5,
    // A file that waits 45 s must not start last and run alone (test/support/long-files-first.ts).
    sequence: { sequencer: LongFilesFirst },
    projects: [
      {
        test: {
          ...common,
          name: 'unit',
          // Files that set no process.env and start no local stack share their workers (test/support/shared-workers.ts).
          include: SHARED_WORKER_GLOBS,
          isolate: false,
        },
      },
      {
        test: {
          ...common,
          name: 'stack',
          // Files that start a local stack share their workers too, with fresh Sundown modules per file
          // and the packages (the AWS SDK above all) loaded once per worker (test/support/stack-workers.ts).
          include: [...STACK_WORKER_FILES],
          isolate: false,
          setupFiles: ['test/support/fresh-modules.ts'],
        },
      },
      {
        test: {
          ...common,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          // Long scale runs have their own command, npm run test:scale (vitest.scale.config.ts), which CI runs too.
          exclude: ['test/scale/**', '**/node_modules/**', ...SHARED_WORKER_GLOBS, ...STACK_WORKER_FILES],
        },
      },
    ],
  },
});
