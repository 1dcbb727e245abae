/**
 * Messages stored before a message's ref became its event's marker have a ref without the
 * event's key and a marker item of their own. A redelivery of such an event must still be found
 * processed (a duplicate changes no case), and no other event about that message may be taken
 * for it, nor a new message's kept events be handed to another event about the same message.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { keys } from '../../functions/adapters/dynamodb/table.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { aCase, aMessage } from '../adapters/dynamodb/fixtures.ts';
import { freshTable } from '../support/dynamo.ts';

const OLD = { channel: 'x', platformMessageId: 'old-1' } as const;

/** The two items a message write left before this change: a bare ref and a marker without events. */
const olderStore = async () => {
  const { tableName, documentClient } = await freshTable();
  const put = (Item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: tableName, Item }));
  await put({
    ...keys.messageRef(OLD.channel, OLD.platformMessageId),
    entity: 'msgref',
    caseId: 'C-old',
    messageSk: 'MSG#2026-01-01T00:00:00.000Z#x#old-1',
  });
  await put({
    ...keys.event('x:message:old-1'),
    entity: 'event',
    idempotencyKey: 'x:message:old-1',
    processedAt: '2026-01-01T00:00:00.000Z',
    caseId: 'C-old',
  });
  return new DynamoCaseStore({ client: documentClient, tableName });
};

describe('message refs written before they were event markers', () => {
  it('find a redelivered event processed through its own marker, with no events to publish', async () => {
    // Prepare
    const store = await olderStore();
    // Act
    const kept = await store.processedEvents('x:message:old-1', OLD);
    // Assess
    expect(kept).toEqual([]);
  });

  it('do not make another event about the same message look processed', async () => {
    // Prepare
    const store = await olderStore();
    // Act
    const kept = await store.processedEvents('x:status:old-1:read', OLD);
    // Assess
    expect(kept).toBeUndefined();
  });
});

describe("a new message's ref", () => {
  it('hands its kept events only to the event that stored it', async () => {
    // Prepare
    const { tableName, documentClient } = await freshTable();
    const store = new DynamoCaseStore({ client: documentClient, tableName });
    const opened = aCase({ customerId: 'P-kept', messageCount: 1 });
    const message = aMessage(opened.id);
    const event: DomainEvent = {
      id: 'E-1',
      type: 'CaseOpened',
      version: 1,
      caseId: opened.id,
      at: opened.openedAt,
      detail: {},
    };
    await store.createCase({
      case: opened,
      conversation: {},
      audit: [],
      message,
      idempotencyKey: 'x:message:kept',
      eventsOnMarker: [event],
    });
    const ref = { channel: message.channel, platformMessageId: message.platformMessageId };
    // Act
    const own = await store.processedEvents('x:message:kept', ref);
    const other = await store.processedEvents('x:delete:kept', ref);
    // Assess
    expect(own).toEqual([event]);
    expect(other).toBeUndefined();
  });
});
