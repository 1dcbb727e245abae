/**
 * Starts the files that wait longest first, so no long file starts last and runs alone at the
 * end. Vitest orders by the durations of the previous run when it has them, and otherwise by file
 * size, which puts a 13-line file that waits 45 s for deadlines (e2e/escalation) at the very end
 * of a fresh clone's run. The list only orders: a file missing from it just starts later.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { STACK_WORKER_FILES } from './stack-workers.ts';

/** Files over 10 s, longest first (seconds in fresh-clone runs of five workers on the 2-core machine, 2026-12-06). */
export const LONG_FILES = [
  'test/e2e/escalation.test.ts', // 36-52
  'test/fault/intake-faults.test.ts', // 40-65
  'test/e2e/escalation-chain.test.ts', // 39-43
  'test/e2e/case-identity-platforms.test.ts', // 19-25, all platforms side by side
  'test/use-cases/sweep-timers.test.ts', // 24-57
  'test/use-cases/case-identity.model.test.ts', // 20-48
  'test/browser/case-page.browser.test.ts', // 29-34
  'test/fault/escalation-faults.test.ts', // 26-37
  'test/e2e/intake-dedupe.test.ts', // 23-35
  'test/e2e/case-identity-samples.test.ts', // 14-39
  'test/e2e/surge.test.ts', // 20-30
  'test/security/big-batches.test.ts', // 15-22
  'test/e2e/escalation-suppression.test.ts', // 17-19
  'test/e2e/escalation-repeat.test.ts', // 17
  'test/e2e/intake-platforms-meta.test.ts', // 15-19
  'test/browser/console.browser.test.ts', // 14-21
  'test/security/link-capabilities.test.ts', // 10-21
  'test/lib/sundown-function.test.ts', // 9-18
  'test/e2e/intake-platforms-x.test.ts', // 13-16
  'test/e2e/intake-platforms-inbound.test.ts', // 11-14
  'test/cli/local-stack.test.ts', // 8-17
  'test/cli/doctor.test.ts', // 11
  'test/e2e/acknowledge-forwarding.test.ts', // 10, the last to end when it started with the short files
  'test/fuzz/signatures.test.ts', // 4-16
] as const;

/**
 * The files that mostly wait (deadlines, sweeps) start first; the short files that start no local
 * stack come right after them, while those waits leave the CPU free, rather than last: on a
 * fresh clone every one of them is transformed on first import, and a hundred at the end made a
 * 37 s tail.
 */
const WAITING_FIRST = 4;

const named = (spec: TestSpecification) => (file: string) => spec.moduleId.endsWith(`/${file}`);

const rank = (spec: TestSpecification): number => {
  const index = LONG_FILES.findIndex(named(spec));
  if (index !== -1 && index < WAITING_FIRST) return index;
  if (index === -1 && !STACK_WORKER_FILES.some(named(spec))) return WAITING_FIRST;
  return index === -1 ? LONG_FILES.length + 1 : index + 1;
};

export default class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files not in the list keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
