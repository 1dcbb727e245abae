/**
 * A case write whose answer is lost on the way back (the write happened) and which the SDK
 * retries: the retry must be answered as the success it was, so that the writer goes on to
 * publish the events it kept, rather than be refused by the write's own conditions. The SDK
 * gives each TransactWriteItems call an idempotency token (ClientRequestToken) that its retries
 * keep; DynamoDB honours it for 10 minutes.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import { freshTable, localClients } from '../../support/dynamo.ts';
import { aCase, aMessage, givenCase, nextVersion } from './fixtures.ts';

const clients: DynamoDBClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** A store whose first transaction is written, then its answer lost: inside the SDK's retry loop, as a reset connection is. */
const storeLosingFirstAnswer = async () => {
  const { tableName, endpoint } = await freshTable();
  const { client, documentClient } = localClients(endpoint);
  clients.push(client);
  const sent = { transactions: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand' && sent.transactions++ === 0) {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $retryable: {} });
      }
      return result;
    },
    { step: 'deserialize', name: 'loseFirstTransactionAnswer' },
  );
  return { store: new DynamoCaseStore({ client: documentClient, tableName }), sent };
};

describe('a case write whose answer was lost', () => {
  it('opens the case once and answers the retry as done', async () => {
    // Prepare
    const { store, sent } = await storeLosingFirstAnswer();
    const opened = aCase({ customerId: 'P-lost', messageCount: 1 });
    const message = aMessage(opened.id);

    // Act
    await store.createCase({ case: opened, conversation: {}, audit: [], message, idempotencyKey: 'x:lost' });

    // Assess
    expect(sent.transactions).toBe(2);
    expect(await store.findConversation('P-lost', opened.brand)).toBe(opened.id);
    expect(await store.hasProcessed('x:lost', message)).toBe(true);
  });

  it('saves the case once and answers the retry as done', async () => {
    // Prepare
    const { store, sent } = await storeLosingFirstAnswer();
    const stored = await givenCase(store);
    sent.transactions = 0;

    // Act
    await store.saveCase({ case: nextVersion(stored), expectedVersion: stored.version, idempotencyKey: 'x:saved' });

    // Assess
    expect(sent.transactions).toBe(2);
    expect((await store.getCase(stored.id))?.version).toBe(stored.version + 1);
  });
});
