/**
 * The due-time index: every SLA and escalation deadline as an item in the partition of its
 * minute (spread over DUE_SHARDS shards), so the sweeper reads one minute with a few queries
 * instead of polling cases. Each shard keeps one checkpoint item saying when a sweep handed it
 * over, so a sweep writes once per shard, not once per timer.
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
import type { DueShard, TimerIndex } from '../../ports.ts';
import { fromItem } from './items.ts';
import { deleteAll } from './put-all.ts';
import { DUE_SHARDS, TABLE_SCHEMA, timerKeys } from './table.ts';

/** Sorts before every timer of the shard (their sort keys start with the due time). */
const CHECKPOINT_SK = '#SWEPT';
/** Checkpoints go with the timers they speak for, a week after their minute. */
const CHECKPOINT_RETENTION_SECONDS = 7 * 24 * 3600;

export class DynamoTimerIndex implements TimerIndex {
  readonly shards = DUE_SHARDS;

  constructor(private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async readShard(minute: string, shard: number): Promise<DueShard> {
    const timers: Timer[] = [];
    let sweptAt: string | undefined;
    const pages = paginateQuery(
      { client: this.deps.client },
      {
        TableName: this.deps.tableName,
        KeyConditionExpression: 'pk = :bucket',
        ExpressionAttributeValues: { ':bucket': timerKeys.bucket(minute, shard) },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (item.sk === CHECKPOINT_SK) sweptAt = String(item.sweptAt);
        else if (item.dispatchedAt === undefined) timers.push(fromItem<Timer>(item));
      }
    }
    return { timers, ...(sweptAt && { sweptAt }) };
  }

  async markSwept(minute: string, shard: number, at: string): Promise<void> {
    const expires = Math.floor(Date.parse(`${minute}:00Z`) / 1000) + CHECKPOINT_RETENTION_SECONDS;
    await this.deps.client.send(
      new PutCommand({
        TableName: this.deps.tableName,
        Item: {
          pk: timerKeys.bucket(minute, shard),
          sk: CHECKPOINT_SK,
          sweptAt: at,
          [TABLE_SCHEMA.ttlAttribute]: expires,
        },
      }),
    );
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

  /** Deleting a timer that is not there succeeds: cancelling twice is harmless. */
  async cancel(timers: readonly Timer[]): Promise<void> {
    await deleteAll(
      this.deps,
      timers.map((timer) => timerKeys.timer(timer.dueAt, timer.caseId, timer.key)),
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
