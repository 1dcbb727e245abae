/**
 * The link ledger in the table: one epoch item per case whose links were ever revoked, and one
 * item per action token used, written with a conditional put so a token is spent exactly once
 * however many requests race with it. Used-token items expire (TTL) with their token.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, LinkLedger } from '../../ports.ts';
import { auditItem } from './items.ts';
import { SameTurnGets } from './same-turn-gets.ts';
import { keys, TABLE_SCHEMA } from './table.ts';

export class DynamoLinkLedger implements LinkLedger {
  readonly #gets: SameTurnGets;

  constructor(
    private readonly deps: {
      readonly client: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly clock: Clock;
      readonly newId: () => string;
    },
  ) {
    this.#gets = new SameTurnGets(deps);
  }

  /** Read with every alert: the alerts of one batch, signed side by side, read theirs in one request. */
  async epoch(caseId: string): Promise<number> {
    const item = await this.#gets.get(keys.linkEpoch(caseId));
    return typeof item?.epoch === 'number' ? item.epoch : 0;
  }

  async revoke(caseId: string, actor: string): Promise<number | undefined> {
    const at = this.deps.clock.now().toISOString();
    const { tableName, client } = this.deps;
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: tableName,
                Key: keys.case(caseId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: keys.linkEpoch(caseId),
                UpdateExpression: 'ADD epoch :one SET revokedAt = :at, entity = :entity',
                ExpressionAttributeValues: { ':one': 1, ':at': at, ':entity': 'linkepoch' },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: auditItem({ caseId, id: this.deps.newId(), at, type: 'case.links_revoked', actor }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      const caseMissing =
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (caseMissing) return undefined;
      throw error;
    }
    return this.epoch(caseId);
  }

  async spend(caseId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.deps.client.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: {
            ...keys.linkUse(caseId, nonce),
            entity: 'linkuse',
            usedAt: this.deps.clock.now().toISOString(),
            [TABLE_SCHEMA.ttlAttribute]: Math.ceil(expiresAt.getTime() / 1000) + 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async spent(caseId: string, nonce: string): Promise<boolean> {
    return (await this.#gets.get(keys.linkUse(caseId, nonce))) !== undefined;
  }
}
