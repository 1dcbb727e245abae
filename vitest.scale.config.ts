import { defineConfig } from 'vitest/config';

// The same behaviour as npm test at full scale (1,000 cases, real two-minute deadlines): npm run test:scale.
export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
