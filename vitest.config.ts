import { defineConfig } from 'vitest/config';
import LongFilesFirst from './test/support/long-files-first.ts';
import { ISOLATED_FILES, SCALE_FILES } from './test/support/shared-workers.ts';

const common = {
  // Handlers log JSON through Powertools; tests only want warnings and errors.
  env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // One DynamoDB Local for the run; each test file makes its own tables on it.
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
          name: 'shared',
          // Every file shares the workers, with fresh Sundown modules, environment and clock per file
          // and the packages loaded once per worker (test/support/shared-workers.ts).
          include: ['test/**/*.test.ts'],
          exclude: [SCALE_FILES, '**/node_modules/**', ...ISOLATED_FILES],
          isolate: false,
          setupFiles: ['test/support/fresh-modules.ts'],
        },
      },
      ...(ISOLATED_FILES.length > 0 ? [{ test: { ...common, name: 'isolated', include: [...ISOLATED_FILES] } }] : []),
    ],
  },
});
