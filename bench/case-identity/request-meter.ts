/**
 * What the intake processor asks of DynamoDB, request by request, broken down by what each
 * request reads and writes (case, message, audit, timer...): the cost benchmark's DynamoDB meter
 * (../meter/dynamodb.ts) prices every call by AWS's rules, not by DynamoDB Local's
 * ConsumedCapacity, and this tallies its calls while `metered()` runs.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table.ts';
import { type Item, itemSize, type TableShape } from '../meter/aws-rules.ts';
import { type DynamoCall, DynamoDbMeter } from '../meter/dynamodb.ts';

export interface Tally {
  /** Requests by verb and target, e.g. "Get case", "Query pending", "TransactWrite". */
  requests: Record<string, number>;
  /** Items read and billed: found by a GetItem or BatchGetItem, evaluated by a Query (filtered out or not). */
  itemsRead: number;
  readUnits: number;
  /** The largest case item (CASE#id / CASE) read, in bytes, and the item. */
  caseItemBytes: number;
  caseItem?: Item;
  itemsWritten: number;
  /** Items written by target, e.g. "case", "message", "audit". */
  writes: Record<string, number>;
  writeUnits: number;
  /** Writes the table's global secondary indexes make on top, not doubled in transactions. */
  indexWriteUnits: number;
  failed: number;
}

const zero = (): Tally => ({
  requests: {},
  itemsRead: 0,
  readUnits: 0,
  caseItemBytes: 0,
  itemsWritten: 0,
  writes: {},
  writeUnits: 0,
  indexWriteUnits: 0,
  failed: 0,
});

/** What a key or item is, from its partition and sort key. */
export const targetOf = (pk: unknown, sk?: unknown): string => {
  const [prefix = 'unknown'] = String(pk).split('#');
  if (prefix === 'CASE') {
    if (sk === undefined) return 'case partition';
    if (sk === 'CASE') return 'case';
    return String(sk).startsWith('MSG#') ? 'message' : 'audit';
  }
  if (prefix === 'CUSTOMER') return String(sk).startsWith('CONVERSATION#') ? 'conversation' : 'customer';
  if (prefix.startsWith('DUE')) return 'timer';
  return prefix.toLowerCase();
};

const { partitionKey, sortKey } = TABLE_SCHEMA;
const bump = (record: Record<string, number>, label: string) => {
  record[label] = (record[label] ?? 0) + 1;
};

export class RequestMeter {
  #tally = zero();
  #on = false;
  readonly #meter: DynamoDbMeter;

  /** `probe` reads items around writes; it must not be the metered client. `table` as deployed (indexes, projections). */
  constructor(probe: DynamoDBDocumentClient, table: TableShape) {
    this.#meter = new DynamoDbMeter(probe, table);
  }

  attach(client: DynamoDBDocumentClient): void {
    this.#meter.attach(
      client,
      () => this.#on,
      (call) => this.#count(call),
    );
  }

  /** Counts only while `work` runs. */
  async metered<T>(work: () => Promise<T>): Promise<{ result: T; tally: Tally }> {
    this.#tally = zero();
    this.#on = true;
    try {
      const result = await work();
      return { result, tally: this.#tally };
    } finally {
      this.#on = false;
    }
  }

  #count(call: DynamoCall): void {
    const tally = this.#tally;
    const verb = call.command.replace(/(Items?)?Command$/, '');
    tally.failed += call.failed ? 1 : 0;
    tally.writeUnits += call.writeUnits;
    tally.indexWriteUnits += call.indexWriteUnits;
    tally.readUnits += call.readUnits;
    if (call.writes.length > 0) {
      bump(tally.requests, verb);
      for (const write of call.writes) {
        tally.itemsWritten += 1;
        bump(tally.writes, targetOf(write.key[partitionKey], write.key[sortKey]));
      }
      return;
    }
    bump(tally.requests, `${verb} ${this.#readTarget(verb, call.input)}`);
    tally.itemsRead += call.itemsRead.length;
    for (const item of call.itemsRead) {
      const bytes = itemSize(item);
      if (targetOf(item[partitionKey], item[sortKey]) === 'case' && bytes > tally.caseItemBytes) {
        tally.caseItemBytes = bytes;
        tally.caseItem = item;
      }
    }
  }

  #readTarget(verb: string, input: Record<string, unknown>): string {
    if (verb === 'Get') {
      const key = input.Key as Item;
      return targetOf(key[partitionKey], key[sortKey]);
    }
    if (verb === 'BatchGet') {
      const [request] = Object.values(input.RequestItems as Record<string, { Keys: Item[] }>);
      const key = request?.Keys[0];
      return targetOf(key?.[partitionKey], key?.[sortKey]);
    }
    const values = Object.values((input.ExpressionAttributeValues ?? {}) as Item);
    const pk = values.find((value) => typeof value === 'string' && /^[A-Z]+#/.test(value));
    return input.IndexName ? `${String(input.IndexName)} ${targetOf(pk)}` : targetOf(pk);
  }
}
