/**
 * The outbox: a case write puts its domain events here in the same transaction (case-writes.ts)
 * and deletes them once published, or (intake) publishes first and adds them here only when
 * publishing failed; the sweeper's relay publishes whatever is left behind.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../domain/events.ts';
import type { Outbox } from '../../ports.ts';
import { outboxItem } from './items.ts';
import { deleteAll, putAll } from './put-all.ts';
import { OUTBOX_SHARDS, outboxKeys } from './table.ts';

export class DynamoOutbox implements Outbox {
  constructor(private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  /** Plain puts (an event id is new; putting one again changes nothing the relay sees). */
  async add(events: readonly DomainEvent[]): Promise<void> {
    await putAll(this.deps, events.map(outboxItem));
  }

  async pending(olderThan: Date, limit: number): Promise<readonly DomainEvent[]> {
    const shards = Array.from({ length: OUTBOX_SHARDS }, (_, shard) => this.#queryShard(shard, olderThan, limit));
    const events = (await Promise.all(shards)).flat();
    return events.sort((a, b) => a.at.localeCompare(b.at)).slice(0, limit);
  }

  async #queryShard(shard: number, olderThan: Date, limit: number): Promise<DomainEvent[]> {
    const { Items } = await this.deps.client.send(
      new QueryCommand({
        TableName: this.deps.tableName,
        KeyConditionExpression: 'pk = :shard AND sk < :before',
        ExpressionAttributeValues: { ':shard': outboxKeys.shard(shard), ':before': olderThan.toISOString() },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => item.event as DomainEvent);
  }

  /** Deleting an entry that is not there succeeds: forgetting twice is harmless. */
  async done(events: readonly DomainEvent[]): Promise<void> {
    await deleteAll(
      this.deps,
      events.map((event) => outboxKeys.event(event.at, event.caseId, event.id)),
    );
  }
}
