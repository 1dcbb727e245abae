/**
 * Unconditional puts and deletes in BatchWriteItem calls of 25, retrying what DynamoDB leaves
 * unprocessed: one write unit per KB of each item, half of what the same write costs inside a
 * transaction.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './customers.ts';
import type { Item } from './items.ts';

/** BatchWriteItem's limit. */
const BATCH_WRITE_LIMIT = 25;

type WriteRequest =
  | { readonly PutRequest: { readonly Item: Item } }
  | { readonly DeleteRequest: { readonly Key: Item } };

/** One BatchWriteItem call's worth, sent again with backoff until nothing is left unprocessed. */
const writeBatch = async (table: Table, requests: readonly WriteRequest[]): Promise<void> => {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
    const result = await table.client.send(
      new BatchWriteCommand({ RequestItems: { [table.tableName]: pending as WriteRequest[] } }),
    );
    pending = (result.UnprocessedItems?.[table.tableName] ?? []) as WriteRequest[];
  }
};

const batches = <T>(all: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(all.length / BATCH_WRITE_LIMIT) }, (_, index) =>
    all.slice(index * BATCH_WRITE_LIMIT, (index + 1) * BATCH_WRITE_LIMIT),
  );

export async function putAll(table: Table, items: readonly Item[]): Promise<void> {
  for (const batch of batches(items))
    await writeBatch(
      table,
      batch.map((item) => ({ PutRequest: { Item: item } })),
    );
}

/** Deleting an item that is not there succeeds: deleting twice is harmless. Batches go in parallel. */
export async function deleteAll(table: Table, keys: readonly Item[]): Promise<void> {
  await Promise.all(
    batches(keys).map((batch) =>
      writeBatch(
        table,
        batch.map((Key) => ({ DeleteRequest: { Key } })),
      ),
    ),
  );
}
