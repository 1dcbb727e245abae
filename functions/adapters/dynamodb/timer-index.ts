/**
 * The due-time index: every SLA and escalation deadline as an item in the partition of its
 * minute (spread over DUE_SHARDS shards), so the sweeper reads one minute with a few queries
 * instead of polling cases.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Timer } from '../../domain/sla/types.ts';
import type { TimerIndex } from '../../ports.ts';
import { fromItem } from './items.ts';
import { DUE_SHARDS, timerKeys } from './table.ts';

export class DynamoTimerIndex implements TimerIndex {
  constructor(private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async listUndispatched(minute: string): Promise<readonly Timer[]> {
    const shards = Array.from({ length: DUE_SHARDS }, (_, shard) => this.#queryShard(minute, shard));
    return (await Promise.all(shards)).flat();
  }

  async #queryShard(minute: string, shard: number): Promise<Timer[]> {
    const timers: Timer[] = [];
    const pages = paginateQuery(
      { client: this.deps.client },
      {
        TableName: this.deps.tableName,
        KeyConditionExpression: 'pk = :bucket',
        FilterExpression: 'attribute_not_exists(dispatchedAt)',
        ExpressionAttributeValues: { ':bucket': timerKeys.bucket(minute, shard) },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const { dispatchedAt: _dispatched, ...timer } = fromItem<Timer & { dispatchedAt?: string }>(item);
        timers.push(timer);
      }
    }
    return timers;
  }

  async markDispatched(timers: readonly Timer[], at: string): Promise<void> {
    await Promise.all(
      timers.map((timer) =>
        this.deps.client
          .send(
            new UpdateCommand({
              TableName: this.deps.tableName,
              Key: timerKeys.timer(timer.dueAt, timer.caseId, timer.key),
              UpdateExpression: 'SET dispatchedAt = :at',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':at': at },
            }),
          )
          .catch((error: unknown) => {
            // A timer whose item expired or was never written has nothing left to mark.
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }),
      ),
    );
  }

  async readCursor(): Promise<string | undefined> {
    const { Item } = await this.deps.client.send(
      new GetCommand({ TableName: this.deps.tableName, Key: timerKeys.cursor(), ConsistentRead: true }),
    );
    return typeof Item?.nextMinute === 'string' ? Item.nextMinute : undefined;
  }

  async writeCursor(minute: string, expected: string | undefined): Promise<boolean> {
    try {
      await this.deps.client.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: { ...timerKeys.cursor(), nextMinute: minute },
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'nextMinute = :expected', ExpressionAttributeValues: { ':expected': expected } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
