/**
 * The files that start a local stack, directly or through a helper. They share the workers like
 * every file (test/support/shared-workers.ts); each leaves nothing running (its stack, receivers and
 * browsers stop in afterAll), and test/architecture/shared-workers.test.ts checks that the list is
 * complete. The test sequencer (long-files-first.ts) starts the short files without a stack before them.
 */
export const STACK_WORKER_FILES = [
  'test/browser/case-page.browser.test.ts',
  'test/browser/console.browser.test.ts',
  'test/cli/doctor.test.ts',
  'test/cli/local-stack.test.ts',
  'test/cli/state-file.test.ts',
  'test/e2e/acknowledge-forwarding.test.ts',
  'test/e2e/bad-input.test.ts',
  'test/e2e/case-identity-platforms.test.ts',
  'test/e2e/case-identity-samples.test.ts',
  'test/e2e/console-auth.test.ts',
  'test/e2e/escalation-chain.test.ts',
  'test/e2e/escalation-delivery.test.ts',
  'test/e2e/escalation-repeat.test.ts',
  'test/e2e/escalation-suppression.test.ts',
  'test/e2e/escalation.test.ts',
  'test/e2e/handoff.test.ts',
  'test/e2e/intake-dedupe.test.ts',
  'test/e2e/intake-platforms-inbound.test.ts',
  'test/e2e/intake-platforms-meta.test.ts',
  'test/e2e/intake-platforms-x.test.ts',
  'test/e2e/platform-registry.test.ts',
  'test/e2e/surge.test.ts',
  'test/fault/escalation-faults.test.ts',
  'test/fault/intake-faults.test.ts',
  'test/fault/racing-step-copies.test.ts',
  // The fuzzers start theirs through test/fuzz/support.ts (fuzzTarget).
  'test/fuzz/every-route.test.ts',
  'test/fuzz/signatures.test.ts',
  'test/security/big-batches.test.ts',
  'test/security/link-capabilities.test.ts',
  'test/security/local-server.test.ts',
  'test/security/output-hygiene.test.ts',
  'test/security/pagerduty-callback.test.ts',
  'test/security/queue-sizes.test.ts',
  'test/security/x-crc-oracle.test.ts',
] as const;
