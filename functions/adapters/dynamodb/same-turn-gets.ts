/**
 * Consistent reads of single items: those asked for in the same turn of the event loop go to
 * DynamoDB as one BatchGetItem instead of one GetItem each. A fired timer reads its case and the
 * two places its marker may be side by side: one request where there were three, each item billed
 * as its own GetItem would be. A read asked for alone is still a GetItem, and nothing waits for
 * a batch to fill: the reads go as soon as the code that asked for them has run.
 */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './customers.ts';
import type { Item } from './items.ts';
import { TABLE_SCHEMA } from './table.ts';

/** BatchGetItem's limit of keys per call. */
const BATCH_GET_LIMIT = 100;

interface Asked {
  readonly key: Item;
  readonly resolve: (item: Item | undefined) => void;
  readonly reject: (error: unknown) => void;
}

const idOf = (key: Item): string => JSON.stringify([key[TABLE_SCHEMA.partitionKey], key[TABLE_SCHEMA.sortKey]]);

/** One call's worth of keys (at most 100, no two alike), asked again with backoff for what DynamoDB left unprocessed. */
const readBatch = async (table: Table, keys: readonly Item[]): Promise<Item[]> => {
  const found: Item[] = [];
  let pending: Item[] | undefined = [...keys];
  for (let attempt = 0; pending?.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
    const result: BatchGetCommandOutput = await table.client.send(
      new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    found.push(...(result.Responses?.[table.tableName] ?? []));
    pending = result.UnprocessedKeys?.[table.tableName]?.Keys;
  }
  return found;
};

/** The items under these keys that exist, read consistently in BatchGetItem calls (a key asked twice is read once). */
export const consistentBatchGet = async (table: Table, keys: readonly Item[]): Promise<Item[]> => {
  const unique = [...new Map(keys.map((key) => [idOf(key), key])).values()];
  const batches = Array.from({ length: Math.ceil(unique.length / BATCH_GET_LIMIT) }, (_, index) =>
    unique.slice(index * BATCH_GET_LIMIT, (index + 1) * BATCH_GET_LIMIT),
  );
  return (await Promise.all(batches.map((batch) => readBatch(table, batch)))).flat();
};

export class SameTurnGets {
  #asked: Asked[] = [];

  constructor(private readonly table: Table) {}

  /** The item under this key, read consistently; undefined if there is none. */
  get(key: Item): Promise<Item | undefined> {
    return new Promise((resolve, reject) => {
      this.#asked.push({ key, resolve, reject });
      if (this.#asked.length === 1) queueMicrotask(() => void this.#send());
    });
  }

  async #send(): Promise<void> {
    const asked = this.#asked;
    this.#asked = [];
    const unique = new Set(asked.map(({ key }) => idOf(key)));
    try {
      const found = unique.size === 1 ? await this.#getOne(asked[0]?.key as Item) : await this.#getMany(asked);
      for (const { key, resolve } of asked) resolve(found.get(idOf(key)));
    } catch (error) {
      for (const { reject } of asked) reject(error);
    }
  }

  async #getOne(key: Item): Promise<Map<string, Item>> {
    const { Item: item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: key, ConsistentRead: true }),
    );
    return new Map(item ? [[idOf(key), item]] : []);
  }

  async #getMany(asked: readonly Asked[]): Promise<Map<string, Item>> {
    const found = await consistentBatchGet(
      this.table,
      asked.map(({ key }) => key),
    );
    return new Map(found.map((item) => [idOf(item), item]));
  }
}
