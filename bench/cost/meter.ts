/**
 * Counting what AWS would bill, at the production clients themselves (the ones the adapters
 * use, built once in functions/adapters/aws-clients.ts): a middleware on the DynamoDB client asks
 * every data call for ReturnConsumedCapacity=TOTAL and adds up the units DynamoDB Local reports;
 * one on the SQS client counts requests as SQS bills them (64 KB chunks). Production code is
 * untouched: the middlewares are added by the benchmark, to the benchmark's process.
 */

import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
const CHUNK_BYTES = 64 * 1024;

export interface Counts {
  readUnits: number;
  writeUnits: number;
  dynamoCalls: number;
  /** Calls that failed (e.g. a condition that did not hold): DynamoDB reports no units for them. */
  dynamoFailures: number;
  sqsRequests: number;
  sqsByCommand: Record<string, number>;
}

const zero = (): Counts => ({
  readUnits: 0,
  writeUnits: 0,
  dynamoCalls: 0,
  dynamoFailures: 0,
  sqsRequests: 0,
  sqsByCommand: {},
});

interface Capacity {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

const unitsOf = (consumed: Capacity | Capacity[] | undefined): number =>
  [consumed ?? []]
    .flat()
    .reduce((sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)), 0);

/** Billed requests of one SQS call: sends by payload size, everything else one each. */
const sqsRequestsOf = (command: string, input: Record<string, unknown>): number => {
  if (command === 'SendMessageCommand')
    return Math.max(1, Math.ceil(String(input.MessageBody ?? '').length / CHUNK_BYTES));
  if (command === 'SendMessageBatchCommand') {
    const entries = (input.Entries ?? []) as { MessageBody?: string }[];
    const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? ''), 0);
    return Math.max(1, Math.ceil(bytes / CHUNK_BYTES));
  }
  return 1;
};

export class Meter {
  #counts = zero();
  #paused = false;

  attach(dynamo: DynamoDBDocumentClient, sqs: SQSClient): void {
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        const metered = !this.#paused && (READS.has(command) || WRITES.has(command));
        const input = args.input as Record<string, unknown>;
        if (READS.has(command) || WRITES.has(command)) input.ReturnConsumedCapacity = 'TOTAL';
        try {
          const result = await next(args);
          if (metered) {
            const units = unitsOf((result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
            if (READS.has(command)) this.#counts.readUnits += units;
            else this.#counts.writeUnits += units;
            this.#counts.dynamoCalls += 1;
          }
          return result;
        } catch (error) {
          if (metered) this.#counts.dynamoFailures += 1;
          throw error;
        }
      },
      { step: 'initialize', name: 'benchConsumedCapacity' },
    );
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        if (!this.#paused) {
          const requests = sqsRequestsOf(command, args.input as Record<string, unknown>);
          this.#counts.sqsRequests += requests;
          this.#counts.sqsByCommand[command] = (this.#counts.sqsByCommand[command] ?? 0) + requests;
        }
        return next(args);
      },
      { step: 'initialize', name: 'benchSqsRequests' },
    );
  }

  /** What was counted since the last call, and start again from zero. */
  take(): Counts {
    const counts = this.#counts;
    this.#counts = zero();
    return counts;
  }

  /** Work that is not per event (the benchmark's own setup, the sweeper's per-minute queries). */
  async unmetered<T>(work: () => Promise<T>): Promise<T> {
    this.#paused = true;
    try {
      return await work();
    } finally {
      this.#paused = false;
    }
  }
}
