/**
 * What use cases rely on from any CaseStore, run against the DynamoDB adapter (DynamoDB Local)
 * and the in-memory fake (test/support/fakes), so the fake cannot drift from the real one.
 */
import { describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { ConversationTakenError, DuplicateEventError, VersionConflictError } from '../../functions/commons/errors.ts';
import type { CaseStore } from '../../functions/ports.ts';
import { freshTable } from '../support/dynamo.ts';
import { memoryAdapters } from '../support/fakes/memory-adapters.ts';
import { aCase, aMessage, anAuditEntry, givenCase, nextVersion } from './dynamodb/fixtures.ts';

const stores: Record<string, () => Promise<CaseStore>> = {
  dynamodb: async () => {
    const { tableName, documentClient } = await freshTable();
    return new DynamoCaseStore({ client: documentClient, tableName });
  },
  memory: async () => memoryAdapters({ now: () => new Date() }).store,
};

describe.each(Object.keys(stores))('the %s case store', (name) => {
  const store = () => (stores[name] as () => Promise<CaseStore>)();

  it('refuses a save at a stale version and keeps the winning write', async () => {
    const s = await store();
    const stored = await givenCase(s);
    await s.saveCase({ case: nextVersion(stored, { subject: 'first' }), expectedVersion: stored.version });

    const losing = s.saveCase({ case: nextVersion(stored, { subject: 'second' }), expectedVersion: stored.version });

    await expect(losing).rejects.toThrow(VersionConflictError);
    expect((await s.getCase(stored.id))?.subject).toBe('first');
  });

  it('writes nothing for an event it already applied', async () => {
    const s = await store();
    const stored = await givenCase(s);
    const audit = [anAuditEntry(stored.id)];
    await s.saveCase({ case: nextVersion(stored), expectedVersion: stored.version, idempotencyKey: 'event-1', audit });
    const again = nextVersion(nextVersion(stored));

    const retried = s.saveCase({ case: again, expectedVersion: stored.version + 1, idempotencyKey: 'event-1' });

    await expect(retried).rejects.toThrow(DuplicateEventError);
    expect((await s.getCase(stored.id))?.version).toBe(stored.version + 1);
    expect(await s.hasProcessed('event-1')).toBe(true);
  });

  it('keeps the events a write leaves for its writer on the marker, for a redelivery to publish', async () => {
    const s = await store();
    const stored = await givenCase(s);
    const resolved = {
      id: '01JEVENT0000000000000000AA',
      type: 'CaseResolved',
      version: 1,
      caseId: stored.id,
      at: stored.updatedAt,
      detail: { brand: stored.brand, by: 'ann' },
    } as const;
    const before = await s.processedEvents('event-2');

    await s.saveCase({
      case: nextVersion(stored),
      expectedVersion: stored.version,
      idempotencyKey: 'event-2',
      eventsOnMarker: [resolved],
    });

    expect(before).toBeUndefined();
    expect(await s.processedEvents('event-2')).toEqual([resolved]);
    await s.markProcessed('event-3', { reason: 'ignored' });
    expect(await s.processedEvents('event-3')).toEqual([]);
  });

  it("records the event that stored a message on the message's ref, and applies it once", async () => {
    const s = await store();
    const stored = await givenCase(s);
    const message = aMessage(stored.id, { platformMessageId: 'pm-9' });
    const ref = { channel: message.channel, platformMessageId: 'pm-9' };
    const first = { case: nextVersion(stored), expectedVersion: stored.version, idempotencyKey: 'event-9' };
    await s.saveCase({ ...first, message: { kind: 'put', message } });

    const again = s.saveCase({
      ...first,
      case: nextVersion(nextVersion(stored)),
      expectedVersion: stored.version + 1,
      message: { kind: 'put', message },
    });

    await expect(again).rejects.toThrow(DuplicateEventError);
    expect(await s.hasProcessed('event-9', ref)).toBe(true);
    expect(await s.processedEvents('event-9', ref)).toEqual([]);
    expect(await s.hasProcessed('event-10', ref)).toBe(false);
  });

  it("gives a customer's conversation with a brand to one case only", async () => {
    const s = await store();
    const first = aCase({ id: 'case-a' });
    await s.createCase({ case: first, audit: [], conversation: {} });

    const second = s.createCase({ case: aCase({ id: 'case-b' }), audit: [], conversation: {} });

    await expect(second).rejects.toThrow(ConversationTakenError);
    expect(await s.findConversation(first.customerId, first.brand)).toBe('case-a');
    expect(await s.getCase('case-b')).toBeUndefined();
  });
});
