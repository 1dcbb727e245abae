/**
 * Claims: "I am doing this now" markers with a lease, for side effects outside DynamoDB (an
 * alert POSTed to Slack) that two workers must not both perform. A claim is taken, then
 * completed after the effect, or released when it failed; a worker that died mid-way lets
 * its lease run out so another can take over.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Claims, Clock } from '../../ports.ts';
import { keys, TABLE_SCHEMA } from './table.ts';

/** Completed claims are kept this long, then TTL removes them. */
const RETENTION_SECONDS = 30 * 24 * 3600;

export class DynamoClaims implements Claims {
  constructor(
    private readonly deps: {
      readonly client: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly clock: Clock;
    },
  ) {}

  async claim(key: string, leaseSeconds: number): Promise<'claimed' | 'done' | 'busy'> {
    const now = this.deps.clock.now().getTime();
    const itemKey = keys.event(`claim:${key}`);
    try {
      await this.deps.client.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: {
            ...itemKey,
            entity: 'claim',
            claim: key,
            state: 'claimed',
            leaseUntil: now + leaseSeconds * 1000,
            [TABLE_SCHEMA.ttlAttribute]: Math.floor(now / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.deps.client.send(
        new GetCommand({ TableName: this.deps.tableName, Key: itemKey, ConsistentRead: true }),
      );
      return Item?.state === 'done' ? 'done' : 'busy';
    }
  }

  async complete(key: string, detail: Readonly<Record<string, unknown>>): Promise<void> {
    await this.deps.client.send(
      new UpdateCommand({
        TableName: this.deps.tableName,
        Key: keys.event(`claim:${key}`),
        UpdateExpression: 'SET #state = :done, detail = :detail, completedAt = :at',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':done': 'done', ':detail': detail, ':at': this.deps.clock.now().toISOString() },
      }),
    );
  }

  async release(key: string): Promise<void> {
    try {
      await this.deps.client.send(
        new DeleteCommand({
          TableName: this.deps.tableName,
          Key: keys.event(`claim:${key}`),
          ConditionExpression: '#state = :claimed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async held(key: string): Promise<boolean> {
    const { Item } = await this.deps.client.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.event(`claim:${key}`), ConsistentRead: true }),
    );
    // The same test as `claim`'s condition: a lapsed lease can be taken over, so it holds nothing.
    return Item?.state === 'claimed' && Number(Item.leaseUntil) >= this.deps.clock.now().getTime();
  }
}
