/**
 * What the intake processor asks of DynamoDB, counted from the requests themselves: the
 * production document client's `send` is wrapped (in the benchmark's process only) and every
 * request and answer is priced by AWS's rules (./item-size.ts), not by DynamoDB Local's
 * ConsumedCapacity. Writes are priced on the larger of the item before and after, as AWS does:
 * before each write the meter reads the items it touches, and after an update the item it left,
 * with a client of its own that is not counted.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table.ts';
import { itemSize, readUnits, writeUnits } from './item-size.ts';

type Item = Record<string, unknown>;
type Input = Record<string, unknown>;

export interface Tally {
  /** Requests by verb and target, e.g. "Get case", "Query pending", "TransactWrite". */
  requests: Record<string, number>;
  itemsRead: number;
  readUnits: number;
  /** The largest case item (CASE#id / CASE) read, in bytes, and the item. */
  caseItemBytes: number;
  caseItem?: Item;
  /** Reads whose billed size the answer cannot show: projections, filtered queries. */
  unsized: number;
  itemsWritten: number;
  /** Items written by target, e.g. "case", "message", "audit". */
  writes: Record<string, number>;
  writeUnits: number;
  /** Writes the table's two global secondary indexes (projection ALL) make on top, not doubled in transactions. */
  indexWriteUnits: number;
  failed: number;
}

const zero = (): Tally => ({
  requests: {},
  itemsRead: 0,
  readUnits: 0,
  caseItemBytes: 0,
  unsized: 0,
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

interface WriteTarget {
  readonly key: Item;
  readonly kind: 'put' | 'update' | 'delete' | 'check';
  readonly item?: Item;
  readonly transactional: boolean;
}

const keyOf = (item: Item): Item => ({
  [TABLE_SCHEMA.partitionKey]: item[TABLE_SCHEMA.partitionKey],
  [TABLE_SCHEMA.sortKey]: item[TABLE_SCHEMA.sortKey],
});

const writeTargets = (command: string, input: Input): WriteTarget[] => {
  if (command === 'PutCommand')
    return [{ key: keyOf(input.Item as Item), kind: 'put', item: input.Item as Item, transactional: false }];
  if (command === 'UpdateCommand') return [{ key: input.Key as Item, kind: 'update', transactional: false }];
  if (command === 'DeleteCommand') return [{ key: input.Key as Item, kind: 'delete', transactional: false }];
  if (command === 'BatchWriteCommand') {
    return Object.values(input.RequestItems as Record<string, Input[]>)
      .flat()
      .map((request) =>
        request.PutRequest
          ? {
              key: keyOf((request.PutRequest as Input).Item as Item),
              kind: 'put',
              item: (request.PutRequest as Input).Item as Item,
              transactional: false,
            }
          : { key: (request.DeleteRequest as Input).Key as Item, kind: 'delete', transactional: false },
      );
  }
  if (command === 'TransactWriteCommand') {
    return (input.TransactItems as Input[]).map((entry): WriteTarget => {
      if (entry.Put) {
        const item = (entry.Put as Input).Item as Item;
        return { key: keyOf(item), kind: 'put', item, transactional: true };
      }
      if (entry.Update) return { key: (entry.Update as Input).Key as Item, kind: 'update', transactional: true };
      if (entry.Delete) return { key: (entry.Delete as Input).Key as Item, kind: 'delete', transactional: true };
      return { key: (entry.ConditionCheck as Input).Key as Item, kind: 'check', transactional: true };
    });
  }
  return [];
};

const INDEXES = Object.values(TABLE_SCHEMA.indexes);

/** Index writes of one item write: a put or delete per index whose key appears, changes or goes. */
const indexWriteUnits = (before: Item | undefined, after: Item | undefined): number => {
  let units = 0;
  for (const index of INDEXES) {
    const old = before?.[index.partitionKey] === undefined ? undefined : before;
    const now = after?.[index.partitionKey] === undefined ? undefined : after;
    const sameKey =
      old && now && old[index.partitionKey] === now[index.partitionKey] && old[index.sortKey] === now[index.sortKey];
    if (sameKey) units += writeUnits(Math.max(itemSize(old), itemSize(now)), false);
    else {
      if (old) units += writeUnits(itemSize(old), false);
      if (now) units += writeUnits(itemSize(now), false);
    }
  }
  return units;
};

export class RequestMeter {
  #tally = zero();
  #on = false;
  readonly #probe: DynamoDBDocumentClient;
  readonly #tableName: string;

  /** `probe` reads items around writes; it must not be the metered client. */
  constructor(probe: DynamoDBDocumentClient, tableName: string) {
    this.#probe = probe;
    this.#tableName = tableName;
  }

  attach(client: DynamoDBDocumentClient): void {
    const send = client.send.bind(client) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
    const metered = async (command: { input: Input; constructor: { name: string } }, ...rest: unknown[]) => {
      if (!this.#on) return send(command, ...rest);
      const name = command.constructor.name;
      const tally = this.#tally;
      const writes = writeTargets(name, command.input);
      const before = await Promise.all(writes.map((write) => this.#current(write.key)));
      const verb = name.replace(/Command$/, '');
      let output: Input;
      try {
        output = (await send(command, ...rest)) as Input;
      } catch (error) {
        tally.failed += 1;
        tally.requests[verb] = (tally.requests[verb] ?? 0) + 1;
        // A failed condition or a cancelled transaction is billed as if it had written.
        this.#countWrites(
          writes,
          before,
          writes.map((write, i) => (write.kind === 'put' ? write.item : before[i])),
        );
        throw error;
      }
      const after = await Promise.all(
        writes.map((write, i) =>
          write.kind === 'put'
            ? write.item
            : write.kind === 'update'
              ? this.#current(write.key)
              : write.kind === 'check'
                ? before[i]
                : undefined,
        ),
      );
      this.#countWrites(writes, before, after);
      if (writes.length > 0) tally.requests[verb] = (tally.requests[verb] ?? 0) + 1;
      else this.#countRead(verb, command.input, output);
      return output;
    };
    (client as unknown as { send: typeof metered }).send = metered;
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

  async #current(key: Item): Promise<Item | undefined> {
    const { Item: item } = await this.#probe.send(
      new GetCommand({ TableName: this.#tableName, Key: key, ConsistentRead: true }),
    );
    return item;
  }

  #countWrites(
    writes: readonly WriteTarget[],
    before: readonly (Item | undefined)[],
    after: readonly (Item | undefined)[],
  ) {
    const tally = this.#tally;
    writes.forEach((write, i) => {
      const old = before[i];
      const now = write.kind === 'delete' ? undefined : after[i];
      const target = targetOf(write.key[TABLE_SCHEMA.partitionKey], write.key[TABLE_SCHEMA.sortKey]);
      tally.itemsWritten += 1;
      tally.writes[target] = (tally.writes[target] ?? 0) + 1;
      tally.writeUnits += writeUnits(Math.max(itemSize(old), itemSize(now)), write.transactional);
      if (write.kind !== 'check') tally.indexWriteUnits += indexWriteUnits(old, now);
    });
  }

  #countRead(verb: string, input: Input, output: Input): void {
    const tally = this.#tally;
    const consistent = input.ConsistentRead === true && input.IndexName === undefined;
    const record = (target: string, items: readonly Item[]) => {
      const label = `${verb} ${target}`;
      tally.requests[label] = (tally.requests[label] ?? 0) + 1;
      tally.itemsRead += items.length;
      for (const item of items) {
        const bytes = itemSize(item);
        if (
          targetOf(item[TABLE_SCHEMA.partitionKey], item[TABLE_SCHEMA.sortKey]) === 'case' &&
          bytes > tally.caseItemBytes
        ) {
          tally.caseItemBytes = bytes;
          tally.caseItem = item;
        }
      }
    };
    if (verb === 'Get') {
      const key = input.Key as Item;
      const item = output.Item as Item | undefined;
      record(targetOf(key[TABLE_SCHEMA.partitionKey], key[TABLE_SCHEMA.sortKey]), item ? [item] : []);
      tally.readUnits += readUnits(itemSize(item), consistent);
      if (input.ProjectionExpression) tally.unsized += 1;
      return;
    }
    if (verb === 'Query' || verb === 'Scan') {
      const items = (output.Items ?? []) as Item[];
      const values = Object.values((input.ExpressionAttributeValues ?? {}) as Item);
      const pk = values.find((value) => typeof value === 'string' && /^[A-Z]+#/.test(value));
      const target = input.IndexName ? `${String(input.IndexName)} ${targetOf(pk)}` : targetOf(pk);
      record(target, items);
      tally.readUnits += readUnits(
        items.reduce((sum, item) => sum + itemSize(item), 0),
        consistent,
      );
      if (input.ProjectionExpression || (output.ScannedCount ?? 0) !== (output.Count ?? 0)) tally.unsized += 1;
      return;
    }
    if (verb === 'BatchGet') {
      for (const [table, request] of Object.entries(input.RequestItems as Record<string, Input>)) {
        const keys = request.Keys as Item[];
        const found = ((output.Responses as Record<string, Item[]> | undefined)?.[table] ?? []) as Item[];
        record(targetOf(keys[0]?.[TABLE_SCHEMA.partitionKey], keys[0]?.[TABLE_SCHEMA.sortKey]), found);
        // Each key is priced as its own GetItem: found items by size, missing ones at the minimum.
        const sizes = found.map(itemSize);
        tally.readUnits +=
          sizes.reduce((sum, bytes) => sum + readUnits(bytes, request.ConsistentRead === true), 0) +
          (keys.length - found.length) * readUnits(0, request.ConsistentRead === true);
      }
      return;
    }
    const label = `${verb} (unpriced)`;
    tally.requests[label] = (tally.requests[label] ?? 0) + 1;
    tally.unsized += 1;
  }
}
