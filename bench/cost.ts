/**
 * Cost per inbound event: what one webhook event makes Sundown ask of AWS, by kind of event,
 * priced by AWS's billing rules from the requests the code sends (bench/meter/): DynamoDB units
 * per item, transaction and index write, SQS requests and messages, Lambda GB-seconds at the
 * deployed memory, log bytes at the deployed log level, EventBridge entries, HTTP API requests;
 * in USD per million at published on-demand prices, beside issue 14's goals. See bench/README.md.
 *
 *   npm run bench:cost -- [--conversations 40]
 */
import './support/quiet-handlers.ts';
import { parseArgs } from 'node:util';
import { STATUS_SHARDS } from '../functions/adapters/dynamodb/table.ts';
import { WriteBreakdown } from './cost/breakdown.ts';
import { budgetChecks, durationScale, measurePace, paceTable } from './cost/pace.ts';
import { dollarsTable, goals, goalsTable, sum, type Usage, usageTable, usd } from './cost/report.ts';
import { deliverEveryAlert, fireEveryTimer, forgetTimers } from './cost/timers.ts';
import { readDeployment } from './meter/deployed.ts';
import { Meter, sqsMessages } from './meter/meter.ts';
import { deleteAll, deliverAndProcess, invokeConsumer, invokeReceiver, receiveAll } from './support/drive.ts';
import { count, printHeadlines } from './support/figures.ts';
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
const deployment = readDeployment();
// Metrics go to the logs as on AWS (EMF lines), so their bytes are metered with the rest.
process.env.SUNDOWN_METRICS = deployment.functions.intake.metrics;
const stack = await startMeasuringStack({ tableName: 'sundown-bench-cost' });
const meter = new Meter(deployment, stack.dynamoEndpoint);
try {
  const { logger } = await import('../functions/commons/logger.ts');
  const setLogLevel = (level: string) => logger.setLogLevel(level as Parameters<typeof logger.setLogLevel>[0]);
  meter.attach(stack, setLogLevel);
  // Unmetered: the first invocations of each handler pay for loading and compiling.
  for (const warmUp of Array.from({ length: 6 }, (_, i) => conversation(6, i, SECRETS))) {
    await meter.unmetered(() => deliverAndProcess(stack, warmUp, 1));
  }
  await meter.unmetered(() => forgetTimers(stack));
  // Unmetered, on conversations of its own: each consumer's CPU share, which turns the durations
  // measured below into Lambda's at the deployed memory, and a copy's pace for the write budget.
  const paceConversations = Array.from({ length: conversations }, (_, i) => conversation(7, i, SECRETS));
  const paces = await meter.unmetered(() => measurePace(stack, deployment, paceConversations, setLogLevel));
  meter.setDurationScales(Object.fromEntries(Object.values(paces).map((pace) => [pace.fn, durationScale(pace)])));
  const all = Array.from({ length: conversations }, (_, i) => conversation(5, i, SECRETS));
  const usages: Usage[] = [];
  const breakdown = new WriteBreakdown();
  meter.onDynamoCall((call) => breakdown.record(call));
  const breakdowns: string[] = [];
  // Kind by kind, one invocation at a time: every first message, then every follow-up...
  for (const [k, kind] of KINDS.entries()) {
    const deliveries = all.map((c) => c[k]).filter((d) => d !== undefined);
    meter.take();
    await invokeReceiver(stack, deliveries, 1);
    const batches = await receiveAll(stack);
    const failed = await invokeConsumer(stack, batches, 1);
    if (failed > 0) throw new Error(`the processor failed ${failed} ${kind} record(s)`);
    await deleteAll(stack, batches);
    usages.push({ label: kind, events: deliveries.length, counts: meter.take() });
    breakdowns.push(breakdown.take(kind, deliveries.length));
  }
  const intake = sum('blended (one of each)', usages);
  const timers = await fireEveryTimer(stack);
  const timerUsage: Usage = { label: 'their timers, fired later', events: intake.events, counts: meter.take() };
  // Per fired timer, not per inbound event: what the timer worker's budget (lib/write-budget.ts) counts.
  // Every timer message the worker took fired here (no case is answered): those the rounds sent, and
  // the deadlines a firing handed straight to the queue (marked dispatched, so no round sends them).
  breakdowns.push(breakdown.take('a fired timer', timers.messages, 'fired timer'));
  const alerts = await deliverEveryAlert(stack);
  const alertUsage: Usage = { label: 'their alerts, delivered', events: intake.events, counts: meter.take() };
  breakdowns.push(breakdown.take('an alert message', alerts.messages, 'alert message'));
  const withTimers = sum('blended, timers and alerts included', [intake, timerUsage, alertUsage], intake.events);
  const rows = [...usages, intake, timerUsage, alertUsage, withTimers];
  const units = (label: string) => {
    const usage = usages.find((u) => u.label === label);
    return usage ? (usage.counts.dynamo.writeUnits + usage.counts.dynamo.indexWriteUnits) / usage.events : Number.NaN;
  };

  console.log(
    usageTable(
      `What each inbound event costs, by AWS billing rules (${count(conversations)} conversations, X, Meta and inbound in turn)`,
      rows,
    ),
  );
  console.log(dollarsTable('USD per million inbound events (us-east-1 on-demand prices, bench/meter/prices.ts)', rows));
  for (const text of breakdowns) console.log(text);
  const unitsOf = (usage: Usage, messages: number) =>
    (usage.counts.dynamo.writeUnits + usage.counts.dynamo.indexWriteUnits) / messages;
  const checks = budgetChecks(paces, {
    intake: units('new case'),
    timers: unitsOf(timerUsage, timers.messages),
    alerts: unitsOf(alertUsage, alerts.messages),
  });
  console.log(paceTable(checks));
  console.log(goalsTable('Issue 14 goals', goals(Object.fromEntries(usages.map((u) => [u.label, u])), withTimers)));
  // Every index write of a message lands on its case's status partition at most (gsi2's are per customer).
  const hottest = Math.max(...usages.map((u) => u.counts.dynamo.indexWriteUnits / u.events));
  console.log(
    `Status index at 1,000 inbound messages/s, all on cases of one status: at most ${hottest.toFixed(2)} index write units per message (the most any kind measured here, both indexes counted) × 1,000/s ÷ ${STATUS_SHARDS} shards = ${count(Math.round((hottest * 1000) / STATUS_SHARDS))} write units/s per partition key (DynamoDB's limit: 1,000); unsharded it would be ${count(Math.round(hottest * 1000))}.`,
  );
  const fn = deployment.functions;
  console.log(
    `Timers: ${count(timers.timers)} written by intake (${(timers.timers / intake.events).toFixed(2)} per event), fired in ${count(timers.invocations)} timer-worker invocations, queuing ${count(timers.alertJobs)} alert messages (one per step of a chain, holding the alert for each of its targets), delivered in ${count(alerts.invocations)} alert-worker invocations to targets that answer at once.`,
  );
  console.log(
    `Deployed (read from the CDK app): receiver ${fn.webhooks.memoryMb} MB, processor ${fn.intake.memoryMb} MB, timer worker ${fn.timers.memoryMb} MB, ${fn.intake.architecture}; log level ${fn.intake.logLevel}, metrics ${fn.intake.metrics}; indexes ${deployment.table.indexes.map((i) => `${i.name} (${Array.isArray(i.projection) ? 'INCLUDE' : i.projection})`).join(', ')}.`,
  );
  console.log(
    "Units by AWS rules, from the requests: 1 write unit per KB of the larger of the item before and after, twice inside TransactWriteItems (condition checks included), a failed condition billed on the item as it was; each index write apart (a put, a delete, both when its key changes, none when its entry is unchanged), not doubled; reads per 4 KB, half when eventually consistent, a Query or Scan the sum of the items it evaluated. 'as Local reports' is DynamoDB Local's ConsumedCapacity for the same calls.",
  );
  console.log(
    "Lambda: handler time measured here against DynamoDB Local (the meter's own item reads taken off), one invocation at a time, with its CPU part stretched by the vCPU share the deployed memory buys (1 vCPU at 1,769 MB; each function's share of CPU in its time from the unmetered pace pass), rounded up to the ms: a stand-in for AWS durations. Logs: the bytes the handlers write at the deployed level (Powertools JSON lines and EMF metric lines) plus START/END/REPORT per invocation.",
  );
  console.log(
    `Not counted: the sweeper's per-minute queries and schedule (the same at any traffic), the event source mappings' empty polls (${count(intake.counts.sqs.emptyReceives + timerUsage.counts.sqs.emptyReceives + alertUsage.counts.sqs.emptyReceives)} here), the alert targets' own charges and Secrets Manager reads (cached 5 minutes), storage, custom-metric charges, data transfer. Failed DynamoDB calls (billed as above): ${count(withTimers.counts.dynamo.failed)}.`,
  );
  console.log(`Machine: ${machine()}; load average ${loadBefore} at start, ${load()} at end.`);
  console.log(`Wall time: ${Math.round((Date.now() - startedAt) / 1000)} s.`);
  const command = `npm run bench:cost -- --conversations ${conversations}`;
  printHeadlines('cost', [
    {
      figure: 'DynamoDB write units, message opening a case',
      value: units('new case'),
      unit: 'WCU',
      goal: { atMost: 6 },
      command,
    },
    {
      figure: 'DynamoDB write units, customer follow-up',
      value: units('customer follow-up'),
      unit: 'WCU',
      goal: { atMost: 3 },
      command,
    },
    {
      figure: 'DynamoDB write units, brand reply',
      value: units('brand reply'),
      unit: 'WCU',
      goal: { atMost: 3 },
      command,
    },
    {
      figure: 'SQS messages per inbound event, timers and alerts included',
      value: sqsMessages(withTimers.counts) / withTimers.events,
      unit: '',
      goal: { atMost: 2 },
      command,
    },
    {
      figure: 'USD per million inbound events, timers and alerts included',
      value: usd(withTimers).total,
      unit: 'USD',
      command,
    },
    // Issue 14: event source mapping concurrency set so the table is not overrun.
    ...checks.map(({ consumer, copies, spends, share }) => ({
      figure: `Write units/s of the ${copies} ${consumer} copies at their measured pace, new on-demand table`,
      value: spends,
      unit: 'WCU/s',
      goal: { atMost: share },
      command,
    })),
  ]);
} finally {
  meter.destroy();
  await stack.stop();
}
