/**
 * Escalation lateness: how long after its SLA deadline an unanswered case's breach alert
 * reaches the alert target, with 10,000 deadlines due within a few minutes ("spread"); how late
 * 40,000 deadlines due in the same minute reach the timer queue ("bunched"); and how fast one
 * sweep hands due timers to the timer queue ("sweeper"). See bench/escalation/README.md.
 *
 *   npm run bench:escalation -- [--scenarios spread,bunched,sweeper] [--timers 10000] [--spread-s 180]
 *     [--sweep-every-ms 60000] [--create use-case|http] [--concurrency 32] [--bunched 40000]
 *     [--sweeper-sizes 1000,10000,40000] [--max-minutes 15] [--samples lateness.csv]
 */
import './support/quiet-handlers.ts';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EARLY_BY_AT_MOST_MS } from '../functions/handlers/timers.sqs.ts';
import { measureBunched } from './escalation/bunched.ts';
import { runLateness } from './escalation/lateness.ts';
import { bunchedTable, latenessCsv, latenessFigures, sweeperTable } from './escalation/report.ts';
import { measureSweeper } from './escalation/sweeper-throughput.ts';
import { percentile, printHeadlines } from './support/figures.ts';
import { load, machine } from './support/machine.ts';

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'spread,bunched,sweeper' },
    timers: { type: 'string', default: '10000' },
    bunched: { type: 'string', default: '40000' },
    'spread-s': { type: 'string', default: '180' },
    'sweep-every-ms': { type: 'string', default: '60000' },
    create: { type: 'string', default: 'use-case' },
    concurrency: { type: 'string', default: '32' },
    'warm-up': { type: 'string', default: '300' },
    'sweeper-sizes': { type: 'string', default: '1000,10000,40000' },
    'max-minutes': { type: 'string', default: '15' },
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
  warmUp: values['warm-up'] === '0' ? 0 : positive('warm-up', values['warm-up']),
  progress: (line: string) => console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}`),
} as const;
const scenarios = new Set(String(values.scenarios ?? '').split(','));
for (const name of scenarios) {
  if (!['spread', 'bunched', 'sweeper'].includes(name))
    throw new Error(`--scenarios takes spread, bunched, sweeper; got "${name}"`);
}
const bunchedTimers = positive('bunched', values.bunched);
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
const run = scenarios.has('spread') ? await runLateness(options) : undefined;
const lateness = run && latenessFigures(options, run);
if (run && typeof values.samples === 'string') writeFileSync(values.samples, latenessCsv(run));
const loadAfterSpread = load();
const bunched = scenarios.has('bunched') ? await measureBunched(bunchedTimers, options.progress) : undefined;
const loadAfterBunched = load();
const measureSweeps = scenarios.has('sweeper') && sweeperSizes.length > 0;
if (measureSweeps) options.progress(`measuring the sweeper on ${sweeperSizes.join(', ')} timers`);
const sweeps = measureSweeps ? await measureSweeper(sweeperSizes) : [];

if (lateness)
  console.log(
    `${lateness.text}\nGoal: p99 at most 1 s for 10,000 timers over 3 minutes. Load average at end: ${loadAfterSpread}.\n${run?.stages ?? ''}`,
  );
if (bunched) console.log(bunchedTable(bunched, loadAfterBunched));
if (sweeps.length > 0) console.log(sweeperTable(sweeps));
console.log(`Machine: ${machine()}; load average ${loadBefore} at start, ${load()} at end.`);
console.log(`Wall time: ${Math.round((Date.now() - startedAt) / 1000)} s.`);
const command = `npm run bench:escalation -- --scenarios ${[...scenarios].join(',')} --timers ${options.timers} --bunched ${bunchedTimers} --sweeper-sizes ${sweeperSizes.join(',')}`;
const largestSweep = sweeps.reduce<(typeof sweeps)[number] | undefined>(
  (largest, s) => (largest && largest.timers >= s.timers ? largest : s),
  undefined,
);
printHeadlines('escalation-lateness', [
  ...(lateness
    ? [
        {
          figure: `Escalation lateness p99, ${options.timers} deadlines over ${options.spreadMs / 1000} s`,
          value: percentile(lateness.latenessMs, 99) / 1000,
          unit: 's',
          goal: { atMost: 1 },
          command,
        },
      ]
    : []),
  ...(bunched
    ? [
        {
          figure: `Escalation lateness p99, ${bunched.timers} deadlines in one minute`,
          value: percentile(bunched.lateness, 99) / 1000,
          unit: 's',
          goal: { atMost: 2 },
          command,
        },
      ]
    : []),
  ...(largestSweep
    ? [
        {
          figure: `One sweep of ${largestSweep.timers} due timers`,
          value: largestSweep.elapsedMs / 1000,
          unit: 's',
          goal: { atMost: 55 },
          command,
        },
      ]
    : []),
]);
const sweepsWrong = sweeps.filter((s) => s.dispatched !== s.timers || s.queued !== s.timers || s.secondSweep !== 0);
// A timer more than the worker holds ahead of its deadline would fire early.
const bunchedWrong =
  bunched &&
  (bunched.received !== bunched.timers ||
    bunched.secondSweep !== 0 ||
    (bunched.arrivals[0] ?? 0) < -EARLY_BY_AT_MOST_MS);
if (
  (lateness?.verdict.duplicates ?? 0) > 0 ||
  (lateness?.verdict.missing ?? 0) > 0 ||
  sweepsWrong.length > 0 ||
  bunchedWrong
) {
  console.error(
    '[bench] FAILED: duplicate or missing alerts, a sweep that did not hand over every timer once, or a timer early',
  );
  process.exitCode = 1;
}
