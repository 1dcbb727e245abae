import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Long scale runs have their own command, npm run test:scale (vitest.scale.config.ts), which CI runs too.
    exclude: ['test/scale/**', '**/node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // Handlers log JSON through Powertools; tests only want warnings and errors.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only fight over the CPU with DynamoDB Local.
    maxWorkers: 2,
  },
});
