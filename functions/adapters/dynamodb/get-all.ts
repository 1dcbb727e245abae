/**
 * Items by key in BatchGetItem calls of 100 (a key asked twice is read once), asking again with
 * backoff for what DynamoDB leaves unprocessed: each item billed as its own GetItem would be.
 */
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Table } from './customers.ts';
import type { Item } from './items.ts';
import { TABLE_SCHEMA } from './table.ts';

/** BatchGetItem's limit of keys per call. */
const BATCH_GET_LIMIT = 100;

export const keyId = (key: Item): string => JSON.stringify([key[TABLE_SCHEMA.partitionKey], key[TABLE_SCHEMA.sortKey]]);

/** One call's worth of keys (at most 100, no two alike), asked again for what DynamoDB left unprocessed. */
const readBatch = async (table: Table, keys: readonly Item[], consistent: boolean): Promise<Item[]> => {
  const found: Item[] = [];
  let pending: Item[] | undefined = [...keys];
  for (let attempt = 0; pending?.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
    const result: BatchGetCommandOutput = await table.client.send(
      new BatchGetCommand({
        RequestItems: { [table.tableName]: { Keys: pending, ...(consistent && { ConsistentRead: true }) } },
      }),
    );
    found.push(...(result.Responses?.[table.tableName] ?? []));
    pending = result.UnprocessedKeys?.[table.tableName]?.Keys;
  }
  return found;
};

/** The items under these keys that exist, in no particular order; `consistent` reads them strongly consistent. */
export const getAll = async (
  table: Table,
  keys: readonly Item[],
  options: { readonly consistent: boolean },
): Promise<Item[]> => {
  const unique = [...new Map(keys.map((key) => [keyId(key), key])).values()];
  const batches = Array.from({ length: Math.ceil(unique.length / BATCH_GET_LIMIT) }, (_, index) =>
    unique.slice(index * BATCH_GET_LIMIT, (index + 1) * BATCH_GET_LIMIT),
  );
  return (await Promise.all(batches.map((batch) => readBatch(table, batch, options.consistent)))).flat();
};
