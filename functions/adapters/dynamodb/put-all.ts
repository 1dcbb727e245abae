/**
 * Unconditional puts in BatchWriteItem calls of 25, retrying what DynamoDB leaves unprocessed:
 * one write unit per KB of each item, half of what the same put costs inside a transaction.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './customers.ts';
import type { Item } from './items.ts';

/** BatchWriteItem's limit. */
const BATCH_WRITE_LIMIT = 25;

export async function putAll(table: Table, items: readonly Item[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let pending = items.slice(start, start + BATCH_WRITE_LIMIT).map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
      const result = await table.client.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
      pending = (result.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
    }
  }
}
