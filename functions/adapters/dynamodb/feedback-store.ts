/**
 * Feedback items per department, kept until their digest went out (then TTL removes them), and
 * each department's digest cursor, moved by conditional write so one period is sent once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FeedbackItem, FeedbackStore } from '../../ports.ts';
import { keys, TABLE_SCHEMA } from './table.ts';

const RETENTION_SECONDS = 30 * 24 * 3600;
const BATCH = 25;

export class DynamoFeedbackStore implements FeedbackStore {
  constructor(private readonly deps: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async add(items: readonly FeedbackItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH) {
      const requests = items.slice(i, i + BATCH).map((item) => ({
        PutRequest: {
          Item: {
            ...keys.feedback(item.department, item.at, item.caseId, item.topic),
            entity: 'feedback',
            ...item,
            [TABLE_SCHEMA.ttlAttribute]: Math.floor(Date.parse(item.at) / 1000) + RETENTION_SECONDS,
          },
        },
      }));
      let pending: typeof requests | undefined = requests;
      while (pending && pending.length > 0) {
        const result = await this.deps.client.send(
          new BatchWriteCommand({ RequestItems: { [this.deps.tableName]: pending } }),
        );
        pending = result.UnprocessedItems?.[this.deps.tableName] as typeof requests | undefined;
      }
    }
  }

  async list(department: string, from: string, to: string): Promise<readonly FeedbackItem[]> {
    const items: FeedbackItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.deps.client.send(
        new QueryCommand({
          TableName: this.deps.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': keys.feedbackCursor(department).pk,
            ':from': `ITEM#${from}`,
            // '#' sorts before every character of an ISO time, so this stops just before `to`.
            ':to': `ITEM#${to}`,
          },
          ConsistentRead: true,
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.at >= from && item.at < to) {
          const { department, topic, caseId, at, channel, subject } = item as FeedbackItem;
          items.push({ department, topic, caseId, at, channel, subject });
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async readCursor(department: string): Promise<string | undefined> {
    const { Item } = await this.deps.client.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.feedbackCursor(department), ConsistentRead: true }),
    );
    return Item?.sentThrough as string | undefined;
  }

  async writeCursor(department: string, to: string, expected: string | undefined): Promise<boolean> {
    try {
      await this.deps.client.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: { ...keys.feedbackCursor(department), entity: 'feedbackCursor', sentThrough: to },
          ConditionExpression: expected ? 'sentThrough = :expected' : 'attribute_not_exists(pk)',
          ...(expected && { ExpressionAttributeValues: { ':expected': expected } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
