/** Turning counted requests into USD per million inbound events. */
import { table } from '../support/figures.ts';
import type { Counts } from './meter.ts';
import { LAMBDA_MEMORY_GB, PRICES } from './prices.ts';

/** Everything one group of events caused, summed over the group. */
export interface Usage {
  readonly label: string;
  readonly events: number;
  readonly counts: Counts;
  readonly httpRequests: number;
  readonly lambdaInvocations: number;
  /** Handler time summed over invocations, as measured here (DynamoDB Local, not AWS). */
  readonly lambdaMs: number;
  readonly busEvents: number;
}

const usd = (usage: Usage) => {
  const { counts } = usage;
  const dynamo = counts.writeUnits * PRICES.dynamoWriteUnit + counts.readUnits * PRICES.dynamoReadUnit;
  const sqs = counts.sqsRequests * PRICES.sqsRequest;
  const lambda =
    usage.lambdaInvocations * PRICES.lambdaRequest +
    (usage.lambdaMs / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaGbSecondArm;
  const bus = usage.busEvents * PRICES.eventBridgeEvent;
  const api = usage.httpRequests * PRICES.httpApiRequest;
  const million = 1e6 / usage.events;
  return {
    dynamo: dynamo * million,
    sqs: sqs * million,
    lambda: lambda * million,
    bus: bus * million,
    api: api * million,
    total: (dynamo + sqs + lambda + bus + api) * million,
  };
};

export const sum = (label: string, usages: readonly Usage[]): Usage => {
  const counts: Counts = {
    readUnits: 0,
    writeUnits: 0,
    dynamoCalls: 0,
    dynamoFailures: 0,
    sqsRequests: 0,
    sqsByCommand: {},
  };
  for (const u of usages) {
    counts.readUnits += u.counts.readUnits;
    counts.writeUnits += u.counts.writeUnits;
    counts.dynamoCalls += u.counts.dynamoCalls;
    counts.dynamoFailures += u.counts.dynamoFailures;
    counts.sqsRequests += u.counts.sqsRequests;
  }
  const add = (pick: (u: Usage) => number) => usages.reduce((s, u) => s + pick(u), 0);
  return {
    label,
    events: add((u) => u.events),
    counts,
    httpRequests: add((u) => u.httpRequests),
    lambdaInvocations: add((u) => u.lambdaInvocations),
    lambdaMs: add((u) => u.lambdaMs),
    busEvents: add((u) => u.busEvents),
  };
};

const per = (value: number, events: number) => (value / events).toFixed(2);
const dollars = (value: number) => `$${value.toFixed(2)}`;

export const usageTable = (title: string, usages: readonly Usage[]): string =>
  table(
    title,
    [
      'Per inbound event',
      'WRU',
      'RRU',
      'DynamoDB calls',
      'SQS requests',
      'Lambda invocations',
      'Lambda ms',
      'Bus events',
      'HTTP API requests',
    ],
    usages.map((u) => [
      u.label,
      per(u.counts.writeUnits, u.events),
      per(u.counts.readUnits, u.events),
      per(u.counts.dynamoCalls, u.events),
      per(u.counts.sqsRequests, u.events),
      per(u.lambdaInvocations, u.events),
      per(u.lambdaMs, u.events),
      per(u.busEvents, u.events),
      per(u.httpRequests, u.events),
    ]),
  );

export const dollarsTable = (title: string, usages: readonly Usage[]): string =>
  table(
    title,
    ['USD per million events', 'DynamoDB', 'SQS', 'Lambda', 'EventBridge', 'HTTP API', 'Total'],
    usages.map((u) => {
      const cost = usd(u);
      return [
        u.label,
        dollars(cost.dynamo),
        dollars(cost.sqs),
        dollars(cost.lambda),
        dollars(cost.bus),
        dollars(cost.api),
        dollars(cost.total),
      ];
    }),
  );
