/** The outbox on DynamoDB Local: events added when publishing failed wait for the relay until it forgets them. */
import { describe, expect, it } from 'vitest';
import { DynamoOutbox } from '../../../functions/adapters/dynamodb/outbox.ts';
import type { DomainEvent } from '../../../functions/domain/events.ts';
import { freshTable } from '../../support/dynamo.ts';

const opened = (n: number): DomainEvent => ({
  id: `01JOUTBOX00000000000000${String(n).padStart(3, '0')}`,
  type: 'CaseOpened',
  version: 1,
  caseId: `case-${n}`,
  at: `2026-03-02T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  detail: { brand: 'acme', channel: 'chat', customerId: `customer-${n}`, priority: 'normal' },
});

describe('the DynamoDB outbox', () => {
  it('keeps added events for the relay, oldest first across shards, until they are done', async () => {
    // Prepare
    const { tableName, documentClient } = await freshTable();
    const outbox = new DynamoOutbox({ client: documentClient, tableName });
    const events = Array.from({ length: 30 }, (_, n) => opened(n));
    await outbox.add(events);

    // Act
    const waiting = await outbox.pending(new Date('2026-03-02T10:01:00.000Z'), 100);
    const tooNew = await outbox.pending(new Date('2026-03-02T10:00:10.000Z'), 100);
    await outbox.done(events);
    const left = await outbox.pending(new Date('2026-03-02T10:01:00.000Z'), 100);

    // Assess
    expect(waiting).toEqual(events);
    expect(tooNew.map((e) => e.id)).toEqual(events.slice(0, 10).map((e) => e.id));
    expect(left).toEqual([]);
  });
});
