/**
 * Sliding-window counters in the table: one item per counter and bucket, incremented
 * atomically (ADD), summed over the window with one query; buckets expire by TTL. An alarm is
 * one conditional write, so concurrent intake workers open it exactly once per surge.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { bucketMs, bucketStart, windowFirstBucket } from '../../domain/triage/surge.ts';
import type { WindowCounters } from '../../ports.ts';
import { keys, TABLE_SCHEMA } from './table.ts';

/** Buckets and alarms outlive their window by this much before TTL removes them. */
const GRACE_SECONDS = 24 * 3600;

export class DynamoWindowCounters implements WindowCounters {
  constructor(private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async add(key: string, at: Date, windowMs: number): Promise<number> {
    const atMs = at.getTime();
    const bucket = keys.windowBucket(key, bucketStart(atMs, bucketMs(windowMs)));
    await this.deps.client.send(
      new UpdateCommand({
        TableName: this.deps.tableName,
        Key: bucket,
        UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': TABLE_SCHEMA.ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor((atMs + windowMs) / 1000) + GRACE_SECONDS },
      }),
    );
    const from = keys.windowBucket(key, windowFirstBucket(atMs, windowMs)).sk;
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.deps.client.send(
        new QueryCommand({
          TableName: this.deps.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': bucket.pk, ':from': from, ':to': bucket.sk },
          ProjectionExpression: '#count',
          ExpressionAttributeNames: { '#count': 'count' },
          ConsistentRead: true,
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) total += Number(item.count ?? 0);
      start = page.LastEvaluatedKey;
    } while (start);
    return total;
  }

  async openAlarm(key: string, now: Date, until: Date): Promise<boolean> {
    const alarm = keys.windowAlarm(key);
    const values = {
      ':now': now.toISOString(),
      ':until': until.toISOString(),
      ':ttl': Math.floor(until.getTime() / 1000) + GRACE_SECONDS,
    };
    try {
      await this.deps.client.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: {
            ...alarm,
            entity: 'alarm',
            openedAt: values[':now'],
            openUntil: values[':until'],
            [TABLE_SCHEMA.ttlAttribute]: values[':ttl'],
          },
          ConditionExpression: 'attribute_not_exists(pk) OR openUntil < :now',
          ExpressionAttributeValues: { ':now': values[':now'] },
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    try {
      await this.deps.client.send(
        new UpdateCommand({
          TableName: this.deps.tableName,
          Key: alarm,
          UpdateExpression: 'SET openUntil = :until, #ttl = :ttl',
          ConditionExpression: 'openUntil < :until',
          ExpressionAttributeNames: { '#ttl': TABLE_SCHEMA.ttlAttribute },
          ExpressionAttributeValues: { ':until': values[':until'], ':ttl': values[':ttl'] },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return false;
  }

  async releaseAlarm(key: string, openedAt: Date): Promise<void> {
    try {
      await this.deps.client.send(
        new DeleteCommand({
          TableName: this.deps.tableName,
          Key: keys.windowAlarm(key),
          ConditionExpression: 'openedAt = :openedAt',
          ExpressionAttributeValues: { ':openedAt': openedAt.toISOString() },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
