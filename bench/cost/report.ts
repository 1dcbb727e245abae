/** Turning metered counts into per-event figures, USD per million inbound events, and the goals. */

import { addCounts, type Counts, sqsMessages, zeroCounts } from '../meter/meter.ts';
import { PRICES } from '../meter/prices.ts';
import { table } from '../support/figures.ts';

/** Everything one group of inbound events caused, summed over the group. */
export interface Usage {
  readonly label: string;
  readonly events: number;
  readonly counts: Counts;
}

export const usd = (usage: Usage) => {
  const { dynamo, sqs, lambda, bus, http, logs } = usage.counts;
  const parts = {
    dynamo:
      (dynamo.writeUnits + dynamo.indexWriteUnits) * PRICES.dynamoWriteUnit + dynamo.readUnits * PRICES.dynamoReadUnit,
    sqs: sqs.requests * PRICES.sqsRequest,
    lambda:
      lambda.invocations * PRICES.lambdaRequest +
      lambda.gbSeconds.arm64 * PRICES.lambdaGbSecond.arm64 +
      lambda.gbSeconds.x86_64 * PRICES.lambdaGbSecond.x86_64,
    logs: logs.bytes * PRICES.logGigabyte,
    bus: bus.billedEvents * PRICES.eventBridgeEvent,
    api: http.requests * PRICES.httpApiRequest,
  };
  const million = 1e6 / usage.events;
  const perMillion = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v * million])) as typeof parts;
  return { ...perMillion, total: Object.values(perMillion).reduce((a, b) => a + b, 0) };
};

export const sum = (label: string, usages: readonly Usage[], events?: number): Usage => ({
  label,
  events: events ?? usages.reduce((s, u) => s + u.events, 0),
  counts: usages.reduce((total, u) => addCounts(total, u.counts), zeroCounts()),
});

const per = (value: number, events: number, digits = 2) => (value / events).toFixed(digits);
const dollars = (value: number) => `$${value.toFixed(2)}`;

export const usageTable = (title: string, usages: readonly Usage[]): string =>
  table(
    title,
    [
      'Per inbound event',
      'WCU items',
      'WCU indexes',
      'WCU total',
      'WCU as Local reports',
      'RCU',
      'RCU as Local reports',
      'SQS requests',
      'SQS messages',
      'Lambda invocations',
      'Lambda billed ms',
      'Log bytes',
      'Bus events',
      'HTTP API requests',
    ],
    usages.map(({ label, events, counts: c }) => [
      label,
      per(c.dynamo.writeUnits, events),
      per(c.dynamo.indexWriteUnits, events),
      per(c.dynamo.writeUnits + c.dynamo.indexWriteUnits, events),
      per(c.dynamo.reportedWriteUnits, events),
      per(c.dynamo.readUnits, events),
      per(c.dynamo.reportedReadUnits, events),
      per(c.sqs.requests, events),
      per(sqsMessages(c), events),
      per(c.lambda.invocations, events),
      per(c.lambda.billedMs, events, 1),
      per(c.logs.bytes, events, 0),
      per(c.bus.billedEvents, events),
      per(c.http.requests, events),
    ]),
  );

export const dollarsTable = (title: string, usages: readonly Usage[]): string =>
  table(
    title,
    ['USD per million events', 'DynamoDB', 'SQS', 'Lambda', 'Logs', 'EventBridge', 'HTTP API', 'Total'],
    usages.map((u) => {
      const cost = usd(u);
      return [
        u.label,
        dollars(cost.dynamo),
        dollars(cost.sqs),
        dollars(cost.lambda),
        dollars(cost.logs),
        dollars(cost.bus),
        dollars(cost.api),
        dollars(cost.total),
      ];
    }),
  );

export interface Goal {
  readonly figure: string;
  readonly goal: string;
  readonly measured: string;
  /** undefined: a figure to report, with no pass or fail. */
  readonly met?: boolean;
}

const wcu = (u: Usage) => (u.counts.dynamo.writeUnits + u.counts.dynamo.indexWriteUnits) / u.events;
const wcuFigure = (u: Usage) =>
  `${wcu(u).toFixed(2)} (${per(u.counts.dynamo.writeUnits, u.events)} items + ${per(u.counts.dynamo.indexWriteUnits, u.events)} indexes)`;

/** Issue 14's goals for the figures this benchmark measures. */
export const goals = (byKind: Readonly<Record<string, Usage>>, withTimers: Usage): Goal[] => {
  const kind = (label: string): Usage => {
    const usage = byKind[label];
    if (!usage) throw new Error(`no usage measured for ${label}`);
    return usage;
  };
  const opening = kind('new case');
  const followUp = kind('customer follow-up');
  const reply = kind('brand reply');
  const messages = sqsMessages(withTimers.counts) / withTimers.events;
  const sent = Object.entries(withTimers.counts.sqs.sent)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([queue, n]) => `${queue} ${per(n, withTimers.events)}`)
    .join(', ');
  const cost = usd(withTimers);
  return [
    {
      figure: 'DynamoDB write units, message opening a case',
      goal: '≤ 6',
      measured: wcuFigure(opening),
      met: wcu(opening) <= 6,
    },
    {
      figure: 'DynamoDB write units, customer follow-up',
      goal: '≤ 3',
      measured: wcuFigure(followUp),
      met: wcu(followUp) <= 3,
    },
    { figure: 'DynamoDB write units, brand reply', goal: '≤ 3', measured: wcuFigure(reply), met: wcu(reply) <= 3 },
    {
      figure: 'SQS messages per inbound event (timers and alerts included)',
      goal: '≤ 2',
      measured: `${messages.toFixed(2)} (${sent})`,
      met: messages <= 2,
    },
    {
      figure: 'Cost per million inbound events (timers and alerts included)',
      goal: 'honest: every billed item counted',
      measured: `${dollars(cost.total)} (DynamoDB ${dollars(cost.dynamo)}, logs ${dollars(cost.logs)})`,
    },
  ];
};

export const goalsTable = (title: string, rows: readonly Goal[]): string =>
  table(
    title,
    ['Figure', 'Goal', 'Measured', 'Meets'],
    rows.map((row) => [row.figure, row.goal, row.measured, row.met === undefined ? '' : row.met ? 'yes' : 'no']),
  );
