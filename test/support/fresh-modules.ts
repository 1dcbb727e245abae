/**
 * Setup of every file of the shared workers (test/support/shared-workers.ts): before each file,
 * the worker is put back as a fresh one would start it, except for the packages (the AWS SDK
 * above all), whose loading was most of each file's start-up and which never change between files.
 * - Sundown's own modules are forgotten, so the file builds its settings, config, AWS clients and
 *   registries (alert targets, platforms) afresh; a target one file registered is gone for the next.
 * - process.env is what the worker started with: what a local stack sets for its handlers, and
 *   anything a file stubbed and did not unstub, stays with that file.
 * - The clock is the real one, and spies on globals (console, process.stdout) are restored.
 * Each file still restores what it changes itself; test/architecture/shared-workers.test.ts checks
 * that. This is the net under it, for the file that fails half-way.
 */
import { vi } from 'vitest';

interface WorkerStart {
  readonly env: Readonly<Record<string, string>>;
  readonly Date: DateConstructor;
}

const START = Symbol.for('sundown.test.workerStart');
const holder = globalThis as typeof globalThis & { [START]?: WorkerStart };
holder[START] ??= { env: { ...process.env } as Record<string, string>, Date: globalThis.Date };
const start = holder[START];

/** Vitest's own variables (VITEST_WORKER_ID...) are set per file by Vitest itself. */
const ours = (name: string) => !name.startsWith('VITEST');

for (const name of Object.keys(process.env)) {
  if (ours(name) && !(name in start.env)) delete process.env[name];
}
for (const [name, value] of Object.entries(start.env)) {
  if (ours(name) && process.env[name] !== value) process.env[name] = value;
}
globalThis.Date = start.Date;
vi.useRealTimers();
vi.restoreAllMocks();
vi.resetModules();
