import { defineConfig } from 'vitest/config';

// The same behaviour as npm test at full scale (1,000 cases, real two-minute deadlines; 20
// conversations delivered over and over, 100 under faults), and the property tests at their full
// number of generated cases (test/support/runs.ts): npm run test:scale.
export default defineConfig({
  test: {
    include: [
      'test/scale/**/*.test.ts',
      'test/e2e/intake-dedupe.test.ts',
      'test/fault/intake-faults.test.ts',
      'test/use-cases/case-identity.model.test.ts',
      'test/fuzz/signatures.test.ts',
      'test/fuzz/every-route.test.ts',
    ],
    globalSetup: ['test/support/global-setup.ts'],
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', SUNDOWN_FULL_RUNS: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
