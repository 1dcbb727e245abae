/**
 * Escalation lateness: how long after its SLA deadline an unanswered case's breach alert
 * reaches the alert target, with 10,000 deadlines due within a few minutes, and how fast one
 * sweep hands due timers to the timer queue. See bench/README.md.
 *
 *   npm run bench:escalation -- [--timers 10000] [--spread-s 180] [--sweep-every-ms 60000]
 *     [--create use-case|http] [--concurrency 32] [--sweeper-sizes 1000,10000] [--max-minutes 10]
 *     [--samples lateness.csv]
 */
import './support/quiet-handlers.ts';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runLateness } from './escalation/lateness.ts';
import { latenessCsv, latenessFigures, sweeperTable } from './escalation/report.ts';
import { measureSweeper } from './escalation/sweeper-throughput.ts';
import { load, machine } from './support/machine.ts';

const { values } = parseArgs({
  options: {
    timers: { type: 'string', default: '10000' },
    'spread-s': { type: 'string', default: '180' },
    'sweep-every-ms': { type: 'string', default: '60000' },
    create: { type: 'string', default: 'use-case' },
    concurrency: { type: 'string', default: '32' },
    'sweeper-sizes': { type: 'string', default: '1000,10000' },
    'max-minutes': { type: 'string', default: '10' },
    samples: { type: 'string' },
  },
  // npm run bench passes every benchmark the same arguments; the others' are not ours to refuse.
  strict: false,
});

const positive = (name: string, text: string | boolean | undefined): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive whole number, got "${text}"`);
  return value;
};
if (values.create !== 'use-case' && values.create !== 'http') throw new Error('--create is use-case or http');
const options = {
  timers: positive('timers', values.timers),
  spreadMs: positive('spread-s', values['spread-s']) * 1000,
  sweepEveryMs: positive('sweep-every-ms', values['sweep-every-ms']),
  create: values.create,
  concurrency: positive('concurrency', values.concurrency),
  progress: (line: string) => console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}`),
} as const;
const sweeperSizes = String(values['sweeper-sizes'] ?? '')
  .split(',')
  .filter(Boolean)
  .map((n) => positive('sweeper-sizes', n));

// A benchmark that hangs is worse than one that fails: DynamoDB Local dies with this process.
const maxMs = positive('max-minutes', values['max-minutes']) * 60_000;
setTimeout(() => {
  console.error(`[bench] escalation-lateness did not finish within ${maxMs / 60_000} minutes: giving up`);
  process.exit(2);
}, maxMs).unref();

const startedAt = Date.now();
const loadBefore = load();
const run = await runLateness(options);
const lateness = latenessFigures(options, run);
if (typeof values.samples === 'string') writeFileSync(values.samples, latenessCsv(run));
options.progress(`lateness run done; measuring the sweeper on ${sweeperSizes.join(', ') || 'no'} timers`);
const sweeps = sweeperSizes.length > 0 ? await measureSweeper(sweeperSizes) : [];

console.log(lateness.text);
if (sweeps.length > 0) console.log(sweeperTable(sweeps));
console.log(`Machine: ${machine()}; load average ${loadBefore} at start, ${load()} at end.`);
console.log(`Wall time: ${Math.round((Date.now() - startedAt) / 1000)} s.`);
const sweepsWrong = sweeps.filter((s) => s.dispatched !== s.timers || s.queued !== s.timers || s.secondSweep !== 0);
if (lateness.verdict.duplicates > 0 || lateness.verdict.missing > 0 || sweepsWrong.length > 0) {
  console.error('[bench] FAILED: duplicate or missing alerts, or a sweep that did not hand over every timer once');
  process.exitCode = 1;
}
