/**
 * The bill of a stretch of work, counted from what the code sends: DynamoDB units by AWS rules
 * (./dynamodb.ts), SQS requests and messages and EventBridge entries (./requests.ts), Lambda
 * invocations, GB-seconds, log bytes and HTTP API requests (./lambda.ts), at the memory, log
 * level and index projections the CDK app deploys (./deployed.ts). Attached to a measuring stack's
 * production clients and handlers, in the benchmark's process only.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { resetSettingsCache } from '../../functions/config/settings.ts';
import type { MeasuringStack } from '../support/stack.ts';
import type { Deployment } from './deployed.ts';
import { type DynamoCall, DynamoDbMeter } from './dynamodb.ts';
import { captureOutput, type Invocation, meteredHandler } from './lambda.ts';
import { attachBusMeter, attachSqsMeter } from './requests.ts';

export interface Counts {
  dynamo: {
    calls: number;
    failed: number;
    itemsWritten: number;
    writeUnits: number;
    indexWriteUnits: number;
    readUnits: number;
    /** DynamoDB Local's ConsumedCapacity for the same calls: not what AWS bills, kept for comparison. */
    reportedWriteUnits: number;
    reportedReadUnits: number;
  };
  sqs: {
    requests: number;
    /** Messages sent, by queue name. */
    sent: Record<string, number>;
    /** Receives that found nothing (not priced per event: the mappings poll whatever the traffic). */
    emptyReceives: number;
  };
  bus: { entries: number; billedEvents: number };
  lambda: { invocations: number; billedMs: number; gbSeconds: { arm64: number; x86_64: number } };
  logs: { bytes: number; lines: number };
  http: { requests: number };
}

export const zeroCounts = (): Counts => ({
  dynamo: {
    calls: 0,
    failed: 0,
    itemsWritten: 0,
    writeUnits: 0,
    indexWriteUnits: 0,
    readUnits: 0,
    reportedWriteUnits: 0,
    reportedReadUnits: 0,
  },
  sqs: { requests: 0, sent: {}, emptyReceives: 0 },
  bus: { entries: 0, billedEvents: 0 },
  lambda: { invocations: 0, billedMs: 0, gbSeconds: { arm64: 0, x86_64: 0 } },
  logs: { bytes: 0, lines: 0 },
  http: { requests: 0 },
});

export const addCounts = (a: Counts, b: Counts): Counts => {
  const sent = { ...a.sqs.sent };
  for (const [queue, n] of Object.entries(b.sqs.sent)) sent[queue] = (sent[queue] ?? 0) + n;
  const plus = <T extends Record<string, number>>(x: T, y: T): T =>
    Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v + (y[k] ?? 0)])) as T;
  return {
    dynamo: plus(a.dynamo, b.dynamo),
    sqs: { requests: a.sqs.requests + b.sqs.requests, sent, emptyReceives: a.sqs.emptyReceives + b.sqs.emptyReceives },
    bus: plus(a.bus, b.bus),
    lambda: {
      invocations: a.lambda.invocations + b.lambda.invocations,
      billedMs: a.lambda.billedMs + b.lambda.billedMs,
      gbSeconds: plus(a.lambda.gbSeconds, b.lambda.gbSeconds),
    },
    logs: plus(a.logs, b.logs),
    http: plus(a.http, b.http),
  };
};

export const sqsMessages = (counts: Counts): number => Object.values(counts.sqs.sent).reduce((a, b) => a + b, 0);

export class Meter {
  #counts = zeroCounts();
  #paused = false;
  readonly #deployment: Deployment;
  readonly #probe: DynamoDBDocumentClient;
  readonly #calls: ((call: DynamoCall) => void)[] = [];
  #durationScales: Partial<Record<keyof Deployment['functions'], number>> = {};

  constructor(deployment: Deployment, dynamoEndpoint: string) {
    this.#deployment = deployment;
    this.#probe = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: dynamoEndpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
  }

  /**
   * Meters the stack's production clients and its receiver, processor and timer worker.
   * `setLogLevel` sets the handlers' logger to a function's deployed level before each invocation.
   */
  attach(stack: MeasuringStack, setLogLevel: (level: string) => void): void {
    // The stack's counting bus stands in for EventBridge; here the production publisher sends, to the bus meter.
    process.env.EVENT_BUS_NAME ??= 'sundown-bench';
    resetSettingsCache();
    stack.passSubstitutesToRoots({ publisher: undefined });
    const metering = () => !this.#paused;
    const counts = () => this.#counts;
    const dynamoMeter = new DynamoDbMeter(this.#probe, this.#deployment.table);
    dynamoMeter.attach(stack.clients.dynamoDocumentClient(), metering, (call) => {
      const dynamo = counts().dynamo;
      dynamo.calls += 1;
      dynamo.failed += call.failed ? 1 : 0;
      dynamo.itemsWritten += call.writes.length;
      dynamo.writeUnits += call.writeUnits;
      dynamo.indexWriteUnits += call.indexWriteUnits;
      dynamo.readUnits += call.readUnits;
      if (call.command.startsWith('BatchWrite') || call.command.startsWith('TransactWrite') || call.writes.length > 0)
        dynamo.reportedWriteUnits += call.reportedUnits;
      else dynamo.reportedReadUnits += call.reportedUnits;
      for (const listener of this.#calls) listener(call);
    });
    attachSqsMeter(stack.clients.sqs(), metering, (call) => {
      const sqs = counts().sqs;
      if (call.empty) {
        sqs.emptyReceives += 1;
        return;
      }
      sqs.requests += call.requests;
      if (call.sent > 0) sqs.sent[call.queue] = (sqs.sent[call.queue] ?? 0) + call.sent;
    });
    attachBusMeter(stack.clients.eventBridge(), metering, (call) => {
      counts().bus.entries += call.entries;
      counts().bus.billedEvents += call.billedEvents;
    });
    const record = (invocation: Invocation) => {
      const { lambda, logs, http } = counts();
      lambda.invocations += 1;
      lambda.billedMs += invocation.billedMs;
      lambda.gbSeconds[invocation.architecture] += invocation.gbSeconds;
      logs.bytes += invocation.logBytes;
      logs.lines += invocation.logLines;
      http.requests += invocation.httpRequests;
    };
    const options = (fn: keyof Deployment['functions']) => ({
      deployed: this.#deployment.functions[fn],
      metering,
      setLogLevel,
      record,
      meterMs: () => dynamoMeter.probeMs,
      durationScale: () => this.#durationScales[fn] ?? 1,
    });
    stack.receiver = meteredHandler('webhooks', stack.receiver, options('webhooks')) as typeof stack.receiver;
    stack.processor = meteredHandler('intake', stack.processor, options('intake'));
    stack.timerWorker = meteredHandler('timers', stack.timerWorker, options('timers'));
    stack.alertWorker = meteredHandler('alerts', stack.alertWorker, options('alerts'));
  }

  /**
   * Per function, what a duration measured here becomes on Lambda at its deployed memory (see
   * bench/cost/pace.ts); invocations metered after this are billed at those durations.
   */
  setDurationScales(scales: Partial<Record<keyof Deployment['functions'], number>>): void {
    this.#durationScales = { ...scales };
  }

  /** Every priced DynamoDB call, as it happens (for benchmarks that break calls down further). */
  onDynamoCall(listener: (call: DynamoCall) => void): void {
    this.#calls.push(listener);
  }

  /** What was counted since the last call, and start again from zero. */
  take(): Counts {
    const counts = this.#counts;
    this.#counts = zeroCounts();
    return counts;
  }

  /** Work that is not per event (the benchmark's own setup, warm-up); its log lines are not shown either. */
  async unmetered<T>(work: () => Promise<T>): Promise<T> {
    this.#paused = true;
    const stop = captureOutput();
    try {
      return await work();
    } finally {
      stop();
      this.#paused = false;
    }
  }

  destroy(): void {
    this.#probe.destroy();
  }
}
