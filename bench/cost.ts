/**
 * Cost per inbound event: what one webhook event makes Sundown ask of AWS (DynamoDB request
 * units from ReturnConsumedCapacity, SQS requests, Lambda invocations and duration, EventBridge
 * events, HTTP API requests) for each kind of event, and in USD per million at published
 * on-demand prices. See bench/README.md.
 *
 *   npm run bench:cost -- [--conversations 40]
 */
import './support/quiet-handlers.ts';
import { parseArgs } from 'node:util';
import { Meter } from './cost/meter.ts';
import { dollarsTable, sum, type Usage, usageTable } from './cost/report.ts';
import { fireEveryTimer, forgetTimers } from './cost/timers.ts';
import { deleteAll, deliverAndProcess, invokeConsumer, invokeReceiver, receiveAll } from './support/drive.ts';
import { count, measured } from './support/figures.ts';
import { load, machine } from './support/machine.ts';
import { SECRETS, startMeasuringStack } from './support/stack.ts';
import { conversation, KINDS } from './support/webhooks.ts';

const { values } = parseArgs({
  options: { conversations: { type: 'string', default: '40' } },
  // npm run bench passes every benchmark the same arguments; the others' are not ours to refuse.
  strict: false,
});
const conversations = Number(values.conversations);
if (!Number.isInteger(conversations) || conversations < 3) {
  throw new Error(`--conversations must be a whole number of at least 3, got "${values.conversations}"`);
}

const loadBefore = load();
const startedAt = Date.now();
const stack = await startMeasuringStack({ tableName: 'sundown-bench-cost' });
try {
  const meter = new Meter();
  meter.attach(stack.clients.dynamoDocumentClient(), stack.clients.sqs());
  // Untimed and unmetered: the first invocations of each handler pay for loading and compiling.
  for (const warmUp of Array.from({ length: 6 }, (_, i) => conversation(6, i, SECRETS))) {
    await meter.unmetered(() => deliverAndProcess(stack, warmUp, 1));
  }
  await meter.unmetered(() => forgetTimers(stack));
  const all = Array.from({ length: conversations }, (_, i) => conversation(5, i, SECRETS));
  const usages: Usage[] = [];
  // Kind by kind, one at a time (so durations are per invocation): every first message, then every follow-up...
  for (const [k, kind] of KINDS.entries()) {
    const deliveries = all.map((c) => c[k]).filter((d) => d !== undefined);
    meter.take();
    const published = stack.published();
    const receiver = await measured(() => invokeReceiver(stack, deliveries, 1));
    const batches = await receiveAll(stack);
    let failed = 0;
    const processor = await measured(async () => {
      failed = await invokeConsumer(stack, batches, 1);
    });
    if (failed > 0) throw new Error(`the processor failed ${failed} ${kind} record(s)`);
    await deleteAll(stack, batches);
    usages.push({
      label: kind,
      events: deliveries.length,
      counts: meter.take(),
      httpRequests: deliveries.length,
      lambdaInvocations: deliveries.length + batches.length,
      lambdaMs: receiver.wallMs + processor.wallMs,
      busEvents: stack.published() - published,
    });
  }
  const intake = sum('blended (one of each)', usages);
  const published = stack.published();
  const timers = await fireEveryTimer(stack);
  const timerUsage: Usage = {
    label: 'their timers, fired later',
    events: intake.events,
    counts: meter.take(),
    httpRequests: 0,
    lambdaInvocations: timers.invocations,
    lambdaMs: timers.workerMs,
    busEvents: stack.published() - published,
  };
  const withTimers = { ...sum('blended, timers included', [intake, timerUsage]), events: intake.events };

  console.log(
    usageTable(
      `What each inbound event costs in requests (${count(conversations)} conversations, X, Meta and inbound in turn)`,
      [...usages, intake, timerUsage, withTimers],
    ),
  );
  console.log(
    dollarsTable('USD per million inbound events (us-east-1 on-demand prices, bench/cost/prices.ts)', [
      ...usages,
      intake,
      timerUsage,
      withTimers,
    ]),
  );
  console.log(
    `Timers: ${count(timers.timers)} written by intake (${(timers.timers / intake.events).toFixed(2)} per event), fired in ${count(timers.invocations)} timer-worker invocations, queuing ${count(timers.alertJobs)} alert jobs (not delivered here: Slack, PagerDuty and e-mail are outside).`,
  );
  console.log(
    'Lambda: one receiver invocation per webhook, one processor or timer-worker invocation per SQS batch of ≤ 10 (at low traffic each event is its own batch). Lambda ms is handler time measured here against DynamoDB Local, billed as 512 MB arm64.',
  );
  console.log(
    `Not counted: the sweeper's per-minute queries (about the same at any traffic), the event source mappings' empty polls, alert delivery, storage, logs. DynamoDB calls that failed and so reported no units: ${count(intake.counts.dynamoFailures + timerUsage.counts.dynamoFailures)}.`,
  );
  console.log(`Machine: ${machine()}; load average ${loadBefore} at start, ${load()} at end.`);
  console.log(`Wall time: ${Math.round((Date.now() - startedAt) / 1000)} s.`);
} finally {
  await stack.stop();
}
