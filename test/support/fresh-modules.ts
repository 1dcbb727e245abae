/**
 * Setup of the files that start a local stack and share their workers (test/support/stack-workers.ts):
 * before each file, Sundown's own modules are forgotten, so the file's stack builds its settings,
 * config and AWS clients afresh for its own emulator and table, as a fresh worker would. What
 * stays loaded is what never changes between files: the AWS SDK and the other packages, whose
 * loading was most of each file's start-up.
 */
import { vi } from 'vitest';

vi.resetModules();
