/**
 * The test files that share their workers (one module cache instead of a fresh one per file,
 * about 1.5 s of CPU saved per file). Such a file sets no process.env, starts no local stack,
 * moves no clock and registers nothing: test/architecture/shared-workers.test.ts checks it.
 */
export const SHARED_WORKER_DIRS = [
  'domain',
  'views',
  'platforms',
  'alerts',
  'architecture',
  'bench',
  'integrations',
  'lib',
  'commons',
  'local',
] as const;

/** Files of other folders that keep to the same rules: the store adapters and the use cases on fakes. */
export const SHARED_WORKER_FILES = [
  'test/adapters/case-store.contract.test.ts',
  'test/adapters/dynamodb/case-listing.test.ts',
  'test/adapters/dynamodb/case-store.test.ts',
  'test/adapters/dynamodb/customers.test.ts',
  'test/adapters/dynamodb/packed-items.test.ts',
  'test/adapters/metrics/metered-case-store.test.ts',
  'test/cli/doctor-aws.test.ts',
  'test/cli/erasure.test.ts',
  'test/cli/report.test.ts',
  'test/cli/stack-outputs.test.ts',
  'test/security/constant-time.test.ts',
  'test/security/signed-links.test.ts',
  'test/use-cases/answered-timers.test.ts',
  'test/use-cases/assign-case.test.ts',
  'test/use-cases/console-routes.test.ts',
  'test/use-cases/deliver-acknowledgement.test.ts',
  'test/use-cases/deliver-alert-suppressed.test.ts',
  'test/use-cases/feedback-digest.test.ts',
  'test/use-cases/followups.test.ts',
  'test/use-cases/forward-alarm.test.ts',
  'test/use-cases/handoff.test.ts',
  'test/use-cases/lift-suppression.test.ts',
  'test/use-cases/open-cases.test.ts',
  'test/use-cases/outbox-relay.test.ts',
  'test/use-cases/surge-step.test.ts',
  'test/use-cases/sweep-timers.test.ts',
  'test/use-cases/triage-ingest.test.ts',
] as const;

export const SHARED_WORKER_GLOBS = [
  ...SHARED_WORKER_DIRS.map((dir) => `test/${dir}/**/*.test.ts`),
  ...SHARED_WORKER_FILES,
];
