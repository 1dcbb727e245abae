/**
 * Consistent reads of single items: those asked for in the same turn of the event loop go to
 * DynamoDB as one BatchGetItem instead of one GetItem each. A fired timer reads its case and the
 * two places its marker may be side by side: one request where there were three, each item billed
 * as its own GetItem would be. A read asked for alone is still a GetItem, and nothing waits for
 * a batch to fill: the reads go as soon as the code that asked for them has run.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './customers.ts';
import { getAll, keyId as idOf } from './get-all.ts';
import type { Item } from './items.ts';

interface Asked {
  readonly key: Item;
  readonly resolve: (item: Item | undefined) => void;
  readonly reject: (error: unknown) => void;
}

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
    const found = await getAll(
      this.table,
      asked.map(({ key }) => key),
      { consistent: true },
    );
    return new Map(found.map((item) => [idOf(item), item]));
  }
}
