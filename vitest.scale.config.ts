import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The 1,000-case run (about 170 s) starts first and the other worker takes the rest (about 160 s):
 * Vitest's own order, largest file first, started its 15-line file last (250 s in all).
 */
class ScaleRunFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const later = (spec: TestSpecification) => Number(!spec.moduleId.includes('/test/scale/'));
    return (await super.sort(files)).sort((a, b) => later(a) - later(b));
  }
}

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
    sequence: { sequencer: ScaleRunFirst },
  },
});
