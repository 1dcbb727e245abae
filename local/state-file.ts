/**
 * Where a running local stack can be found: `npm start` writes this file when it is up and
 * removes it on stop, so the admin CLI (`npx sundown`) finds the stack without flags.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const DEFAULT_STATE_FILE = '.sundown/local.json';

export type LocalQueueName = 'intake' | 'timers' | 'alerts';

export interface LocalStackState {
  readonly url: string;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly queues: Readonly<Record<LocalQueueName, { readonly url: string; readonly dlqUrl: string }>>;
  readonly startedAt: string;
  /** The process running the stack, so a file left behind by a crash is recognised as stale. */
  readonly pid: number;
}

export const writeLocalState = (path: string, state: LocalStackState): void => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
};

/** Removes the file only if it still describes the stack at `url`: another stack may have started since. */
export const removeLocalState = (path: string, url: string): void => {
  try {
    if ((JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalStackState>).url !== url) return;
  } catch {
    return;
  }
  rmSync(path, { force: true });
};

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The state of the stack that wrote `path`, or why there is none. */
export const readLocalState = (path: string): { state: LocalStackState } | { missing: string } => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { missing: `no local stack state at ${path} (is \`npm start\` running?)` };
  }
  let state: LocalStackState;
  try {
    state = JSON.parse(text) as LocalStackState;
  } catch {
    return { missing: `${path} is not valid JSON` };
  }
  for (const field of ['url', 'tableName', 'dynamoEndpoint', 'sqsEndpoint', 'queues'] as const) {
    if (!state[field]) return { missing: `${path}: ${field} is missing` };
  }
  if (typeof state.pid === 'number' && !isRunning(state.pid)) {
    return { missing: `${path} is stale: process ${state.pid} that wrote it is gone (start the stack again)` };
  }
  return { state };
};
