/**
 * The contracts every function checks as it runs are zod/mini schemas (functions/domain/contract.ts),
 * which carry no messages of their own. Bundled as a function is, with no classic zod beside them to
 * set zod's English messages, an issue must still read as it did: a DLQ reason names what is wrong.
 * Loaded in a process of its own: zod keeps its settings on globalThis, which this one's classic zod has set.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { sundownEsbuildOptions } from '../../lib/constructs/bundling.ts';
import { repoConfig } from './sundown-templates.ts';

const root = path.resolve(import.meta.dirname, '../..');
// A fresh clone has no node_modules/.cache until some tool makes it, and the files run in any order.
const cacheDir = path.join(root, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const outDir = mkdtempSync(path.join(cacheDir, 'contract-messages-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const ENTRY = `
import { inboundEventSchema } from './functions/domain/inbound-event.ts';
import { timerSchema } from './functions/domain/queue-messages.ts';
const issues = (schema, value) => schema.safeParse(value).error.issues.map((i) => i.path.join('.') + ': ' + i.message);
const badTimer = { caseId: 'c', key: 'k', kind: 'breach', clock: 'firstResponse', generation: -1, dueAt: 'soon' };
console.log(JSON.stringify({ timer: issues(timerSchema, badTimer), event: issues(inboundEventSchema, { version: 1 }) }));
`;

describe('the queue contracts, bundled as a function', () => {
  it('carry no classic zod and name each issue in English', async () => {
    // Prepare
    const outfile = path.join(outDir, 'contracts.mjs');
    const result = await build({
      ...sundownEsbuildOptions(repoConfig()),
      stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'contracts-entry.ts', loader: 'ts' },
      outfile,
      metafile: true,
      logLevel: 'silent',
    });

    // Act
    const { timer, event } = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }));

    // Assess
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('zod/v4/classic'))).toEqual([]);
    expect(timer).toEqual(['generation: Too small: expected number to be >=0', 'dueAt: Invalid ISO datetime']);
    expect(event).toContain('eventId: Invalid input: expected string, received undefined');
  });
});
