/**
 * Intake throughput on one core: signed webhooks (X, Meta, inbound; new cases, follow-ups,
 * brand replies, duplicate deliveries) through the webhook receiver's handler and then the intake
 * processor's, in this one Node process, against DynamoDB Local and the SQS emulator (each in a
 * process of its own). Reports events/s and CPU time per event, and the receiver's CPU against
 * a floor: signature check + JSON parse + normalise + SQS send alone. See bench/README.md.
 *
 * The receiver and the floor run in paired, rotated rounds (bench/support/paired.ts); the ratio
 * is the median of the rounds' ratios, with its range.
 *
 *   npm run bench:intake -- [--events 800] [--rounds 5] [--concurrency 8] [--warm-up 120]
 */

import './support/production-output.ts';
import { parseArgs } from 'node:util';
import { readSundownConfigFile } from '../functions/config/load.ts';
import { runFloor } from './intake/floor.ts';
import { deleteAll, deliverAndProcess, invokeConsumer, invokeReceiver, receiveAll } from './support/drive.ts';
import { count, measured, perSecond, printHeadlines, table } from './support/figures.ts';
import { load, machine } from './support/machine.ts';
import { pairedRuns, spreadText } from './support/paired.ts';
import { divertedSummary } from './support/production-output.ts';
import { SECRETS, startMeasuringStack } from './support/stack.ts';
import { conversation, type Delivery } from './support/webhooks.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '800' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    'warm-up': { type: 'string', default: '120' },
  },
  // npm run bench passes every benchmark the same arguments; the others' are not ours to refuse.
  strict: false,
});
const positive = (name: string): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive whole number, got "${values[name]}"`);
  return value;
};
const events = positive('events');
const concurrency = positive('concurrency');
const warmUp = positive('warm-up');
const rounds = positive('rounds');
const progress = (line: string) => console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}`);

/** Deliveries of whole conversations (four each), at least `n`. */
const deliveriesFor = (run: number, n: number): Delivery[] =>
  Array.from({ length: Math.ceil(n / 4) }, (_, i) => conversation(run, i, SECRETS)).flat();

const loadBefore = load();
const startedAt = Date.now();
const stack = await startMeasuringStack({ tableName: 'sundown-bench-intake' });
try {
  const config = readSundownConfigFile(new URL('../sundown.config.json', import.meta.url).pathname);
  progress(`warming up with ${warmUp} deliveries`);
  await deliverAndProcess(stack, deliveriesFor(1, warmUp), concurrency);
  await runFloor(stack, deliveriesFor(2, warmUp), config, concurrency);

  // Each round sends fresh conversations (run ids 10 + 2 × round and one more), so nothing is a duplicate by accident.
  const perRound = Math.ceil(events / rounds);
  progress(
    `${rounds} paired rounds of ${perRound} deliveries through the receiver and the floor, ${concurrency} at once`,
  );
  const paired = await pairedRuns({
    rounds,
    a: async (round) => {
      const deliveries = deliveriesFor(10 + 2 * round, perRound);
      return { n: deliveries.length, ...(await measured(() => invokeReceiver(stack, deliveries, concurrency))) };
    },
    b: async (round) => {
      const deliveries = deliveriesFor(11 + 2 * round, perRound);
      return { n: deliveries.length, ...(await measured(() => runFloor(stack, deliveries, config, concurrency))) };
    },
    measure: (run) => run.cpuMs / run.n,
  });
  const total = (runs: readonly { n: number; wallMs: number; cpuMs: number }[]) =>
    runs.reduce((sum, r) => ({ n: sum.n + r.n, wallMs: sum.wallMs + r.wallMs, cpuMs: sum.cpuMs + r.cpuMs }), {
      n: 0,
      wallMs: 0,
      cpuMs: 0,
    });
  const receiver = total(paired.a);
  const floor = total(paired.b);
  const batches = await receiveAll(stack);
  const queued = batches.reduce((sum, b) => sum + b.length, 0);
  if (queued !== receiver.n) throw new Error(`the receiver queued ${queued} of ${receiver.n} events`);
  progress(`${queued} events through the processor in ${batches.length} batches, ${concurrency} batches at once`);
  const published = stack.published();
  let failed = 0;
  const processor = await measured(async () => {
    failed = await invokeConsumer(stack, batches, concurrency);
  });
  await deleteAll(stack, batches);
  if (failed > 0) throw new Error(`the processor failed ${failed} record(s)`);

  const n = receiver.n;
  const perEvent = (cpuMs: number) => `${((cpuMs * 1000) / n).toFixed(0)} µs`;
  const row = (stage: string, figures: { wallMs: number; cpuMs: number }, ratio: string) => [
    stage,
    count(n),
    `${(figures.wallMs / 1000).toFixed(2)} s`,
    perSecond(n, figures.wallMs),
    perEvent(figures.cpuMs),
    `${Math.round((100 * figures.cpuMs) / figures.wallMs)} %`,
    ratio,
  ];
  console.log(
    table(
      `Intake on one core: ${n} signed webhooks (X, Meta, inbound in turn; new case, follow-up, brand reply, duplicate delivery), one event each`,
      ['Stage', 'Events', 'Wall', 'Events/s', 'CPU per event', 'CPU busy', 'CPU × floor'],
      [
        row(
          `Receiver: webhooks handler, API Gateway v2 events, ${concurrency} at once`,
          receiver,
          `${spreadText(paired.ratio)}`,
        ),
        row('Floor: verify + JSON.parse + normalise + SQS send', floor, '1.00×'),
        row(`Processor: intake handler, SQS batches of ≤ 10, ${concurrency} batches at once`, processor, ''),
      ],
    ),
  );
  console.log(
    `Processor: ${count(batches.length)} invocations, ${count(stack.published() - published)} domain events published, ${failed} records failed.`,
  );
  console.log(
    'CPU counted: this Node process (handlers, AWS SDK, HTTP to the emulators). Not counted: DynamoDB Local (a JVM) and the SQS emulator (its own Node process).',
  );
  console.log(divertedSummary());
  console.log(`Machine: ${machine()}; load average ${loadBefore} at start, ${load()} at end.`);
  console.log(`Wall time: ${Math.round((Date.now() - startedAt) / 1000)} s.`);
  const command = `npm run bench:intake -- --events ${events} --rounds ${rounds}`;
  printHeadlines('intake', [
    {
      figure: 'Receiver, signed webhooks per second on one core',
      value: Math.round((n * 1000) / receiver.wallMs),
      unit: '/s',
      command,
    },
    {
      figure: 'Receiver CPU × the floor (paired rounds)',
      value: paired.ratio.median,
      unit: '×',
      range: { min: paired.ratio.min, max: paired.ratio.max },
      command,
    },
    { figure: 'Intake processor, CPU per event', value: processor.cpuMs / n, unit: 'ms', command },
  ]);
} finally {
  await stack.stop();
}
