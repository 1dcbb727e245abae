/**
 * Starts the files that wait longest first, so no long file starts last and runs alone at the
 * end. Vitest orders by the durations of the previous run when it has them, and otherwise by file
 * size, which puts a 13-line file that waits 45 s for deadlines (e2e/escalation) at the very end
 * of a fresh clone's run. The list only orders: a file missing from it just starts later.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files over 10 s on a fresh CI run, longest first (seconds measured on the 2-core machine, loaded). */
export const LONG_FILES = [
  'test/e2e/case-identity-platforms.test.ts', // 72
  'test/e2e/escalation.test.ts', // 68
  'test/use-cases/case-identity.model.test.ts', // 67
  'test/fault/intake-faults.test.ts', // 47
  'test/browser/case-page.browser.test.ts', // 43
  'test/e2e/intake-dedupe.test.ts', // 43
  'test/e2e/escalation-chain.test.ts', // 40
  'test/use-cases/sweep-timers.test.ts', // 36
  'test/fault/escalation-faults.test.ts', // 34
  'test/fuzz/every-route.test.ts', // 33
  'test/e2e/escalation-suppression.test.ts', // 32
  'test/cli/config-check.test.ts', // 30
  'test/e2e/surge.test.ts', // 29
  'test/security/big-batches.test.ts', // 29
  'test/e2e/escalation-repeat.test.ts', // 25
  'test/e2e/case-identity-samples.test.ts', // 25
  'test/cli/doctor.test.ts', // 10
] as const;

const rank = (spec: TestSpecification): number => {
  const index = LONG_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
  return index === -1 ? LONG_FILES.length : index;
};

export default class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files not in the list keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
