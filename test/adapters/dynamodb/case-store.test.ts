import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import { keys } from '../../../functions/adapters/dynamodb/table.ts';
import {
  ConversationTakenError,
  DuplicateEventError,
  MessageNotFoundError,
  VersionConflictError,
} from '../../../functions/commons/errors.ts';
import { waitingOn } from '../../../functions/domain/inbound-event.ts';
import { freshTable, newStore } from '../../support/dynamo.ts';
import { aCase, aMessage, anAuditEntry, anInboundEdit, at, givenCase, nextVersion } from './fixtures.ts';

let store: DynamoCaseStore;
beforeEach(async () => {
  store = await newStore();
});

describe("creating cases and claiming the customer's conversation", () => {
  it('stores a new case with its audit trail and reads back clean domain objects', async () => {
    // Prepare
    const opened = aCase({ customerName: 'Jane' });
    const audit = [anAuditEntry(opened.id)];

    // Act
    await store.createCase({ case: opened, conversation: {}, audit });

    // Assess
    expect(await store.getCase(opened.id)).toEqual(opened);
    expect(await store.getCaseDetail(opened.id)).toEqual({ case: opened, messages: [], audit });
    expect(await store.findConversation(opened.customerId, opened.brand)).toBe(opened.id);
  });

  it('opens a case with its first message and event marker in one write', async () => {
    // Prepare
    const opened = aCase({ messageCount: 1 });
    const message = aMessage(opened.id);

    // Act
    await store.createCase({ case: opened, conversation: {}, audit: [], message, idempotencyKey: 'x:first' });

    // Assess
    expect((await store.getCaseDetail(opened.id))?.messages).toEqual([message]);
    expect(await store.findMessage(message.channel, message.platformMessageId)).toEqual(message);
    expect(await store.hasProcessed('x:first', message)).toBe(true);
  });

  it('refuses a second open conversation for the same customer, naming the case that holds it, and writes nothing', async () => {
    // Prepare
    const first = aCase({ customerId: 'P-same' });
    await store.createCase({ case: first, conversation: {}, audit: [] });
    const second = aCase({ customerId: 'P-same', messageCount: 1 });
    const message = aMessage(second.id);

    // Act
    const creating = store.createCase({ case: second, conversation: {}, audit: [anAuditEntry(second.id)], message });

    // Assess
    await expect(creating).rejects.toThrow(ConversationTakenError);
    await expect(creating).rejects.toMatchObject({ caseId: first.id });
    expect(await store.getCase(second.id)).toBeUndefined();
    expect(await store.findMessage(message.channel, message.platformMessageId)).toBeUndefined();
    expect(await store.findConversation('P-same', first.brand)).toBe(first.id);
  });

  it('lets a new case take over from the case it replaces', async () => {
    // Prepare
    const old = aCase({ customerId: 'P-moving' });
    await store.createCase({ case: old, conversation: {}, audit: [] });
    const next = aCase({ customerId: 'P-moving' });

    // Act
    await store.createCase({ case: next, conversation: { replaces: old.id }, audit: [] });

    // Assess
    expect(await store.findConversation('P-moving', old.brand)).toBe(next.id);
  });

  it('finds no conversation for a customer who never wrote', async () => {
    expect(await store.findConversation('P-nobody', 'acme')).toBeUndefined();
  });

  it('keeps events parked on a message until they are taken, oldest first', async () => {
    // Prepare
    const ref = waitingOn.message('x', 'not-yet');
    const edit = anInboundEdit('x:edit:not-yet:2', at(2));
    const earlier = anInboundEdit('x:edit:not-yet:1', at(1));

    // Act
    await store.park(ref, edit);
    await store.park(ref, earlier);
    await store.park(ref, edit);
    const parked = await store.parked(ref);
    await store.unpark(ref, earlier.eventId);

    // Assess
    expect(parked.map((event) => event.eventId)).toEqual([earlier.eventId, edit.eventId]);
    expect((await store.parked(ref)).map((event) => event.eventId)).toEqual([edit.eventId]);
  });
});

describe('saving a case', () => {
  it('stores the same platform event once: a redelivery raises DuplicateEventError and changes nothing', async () => {
    // Prepare
    const stored = await givenCase(store);
    const message = aMessage(stored.id);
    const recorded = nextVersion(stored, { messageCount: 1, updatedAt: at(1) });
    const save = { message: { kind: 'put', message } as const, idempotencyKey: 'x:event-1' };
    await store.saveCase({ ...save, case: recorded, expectedVersion: stored.version });

    // Act
    const redelivery = store.saveCase({
      ...save,
      case: nextVersion(recorded, { messageCount: 2 }),
      expectedVersion: recorded.version,
    });

    // Assess
    await expect(redelivery).rejects.toThrow(DuplicateEventError);
    const detail = await store.getCaseDetail(stored.id);
    expect(detail?.messages).toEqual([message]);
    expect(detail?.case).toMatchObject({ messageCount: 1, version: recorded.version });
    expect(await store.hasProcessed('x:event-1', message)).toBe(true);
  });

  it('stores a platform message once even when a second event (another key) carries it again', async () => {
    // Prepare
    const stored = await givenCase(store);
    const message = aMessage(stored.id);
    const recorded = nextVersion(stored, { messageCount: 1 });
    await store.saveCase({
      case: recorded,
      expectedVersion: 1,
      message: { kind: 'put', message },
      idempotencyKey: 'a',
    });

    // Act
    const again = store.saveCase({
      case: nextVersion(recorded, { messageCount: 2 }),
      expectedVersion: recorded.version,
      message: { kind: 'put', message: { ...message, text: 'polled copy' } },
      idempotencyKey: 'b',
    });

    // Assess
    await expect(again).rejects.toThrow(DuplicateEventError);
    expect(await store.getCaseDetail(stored.id)).toMatchObject({
      case: { messageCount: 1, version: recorded.version },
      messages: [message],
    });
    expect(await store.hasProcessed('b')).toBe(false);
  });

  it('detects a lost update: of two writers from the same version one wins, the other gets VersionConflictError', async () => {
    // Prepare
    const stored = await givenCase(store);
    const assigned = nextVersion(stored, { assignee: 'alice' });
    const resolved = nextVersion(stored, { status: 'resolved', resolvedAt: at(5) });

    // Act
    const outcomes = await Promise.allSettled([
      store.saveCase({ case: assigned, expectedVersion: stored.version }),
      store.saveCase({ case: resolved, expectedVersion: stored.version }),
    ]);

    // Assess
    const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
    const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toEqual([expect.any(VersionConflictError)]);
    expect(await store.getCase(stored.id)).toEqual(winners[0] === 0 ? assigned : resolved);
  });

  it('rejects a stale writer that saves after another writer already moved the version on', async () => {
    // Prepare
    const stored = await givenCase(store);
    await store.saveCase({ case: nextVersion(stored, { assignee: 'alice' }), expectedVersion: stored.version });

    // Act
    const stale = store.saveCase({ case: nextVersion(stored, { assignee: 'bob' }), expectedVersion: stored.version });

    // Assess
    await expect(stale).rejects.toThrow(VersionConflictError);
    expect(await store.getCase(stored.id)).toMatchObject({ assignee: 'alice', version: stored.version + 1 });
  });

  it('refuses a case whose version is not expectedVersion + 1', async () => {
    const stored = await givenCase(store);

    const saving = store.saveCase({ case: { ...stored, version: 5 }, expectedVersion: stored.version });

    await expect(saving).rejects.toThrow(/expectedVersion \+ 1/);
  });

  it('returns messages in sentAt order even when they were stored out of order', async () => {
    // Prepare
    let current = await givenCase(store);
    const late = aMessage(current.id, { sentAt: at(30), text: 'third' });
    const early = aMessage(current.id, { sentAt: at(10), text: 'first' });
    const middle = aMessage(current.id, { sentAt: at(20), text: 'second', direction: 'outbound' });

    // Act
    for (const message of [late, early, middle]) {
      const next = nextVersion(current, { messageCount: current.messageCount + 1 });
      await store.saveCase({ case: next, expectedVersion: current.version, message: { kind: 'put', message } });
      current = next;
    }

    // Assess
    const detail = await store.getCaseDetail(current.id);
    expect(detail?.messages.map((message) => message.text)).toEqual(['first', 'second', 'third']);
    expect(detail?.case.messageCount).toBe(3);
  });

  it('keeps every earlier text in the edit history when a message is edited twice', async () => {
    // Prepare
    const stored = await givenCase(store);
    const original = aMessage(stored.id, { text: 'parcel late' });
    const withMessage = nextVersion(stored, { messageCount: 1 });
    await store.saveCase({ case: withMessage, expectedVersion: 1, message: { kind: 'put', message: original } });
    const edit = (text: string, previous: string, minute: number) =>
      ({
        kind: 'update',
        channel: original.channel,
        platformMessageId: original.platformMessageId,
        set: { text },
        appendEdit: { text: previous, at: at(minute) },
      }) as const;

    // Act
    const firstEdit = nextVersion(withMessage);
    await store.saveCase({ case: firstEdit, expectedVersion: 2, message: edit('parcel very late', 'parcel late', 2) });
    await store.saveCase({
      case: nextVersion(firstEdit),
      expectedVersion: 3,
      message: edit('parcel lost', 'parcel very late', 3),
    });

    // Assess
    expect(await store.findMessage(original.channel, original.platformMessageId)).toEqual({
      ...original,
      text: 'parcel lost',
      edits: [
        { text: 'parcel late', at: at(2) },
        { text: 'parcel very late', at: at(3) },
      ],
    });
  });

  it('raises MessageNotFoundError for an update to a message that is not stored, writing nothing', async () => {
    const stored = await givenCase(store);

    const updating = store.saveCase({
      case: nextVersion(stored),
      expectedVersion: stored.version,
      message: { kind: 'update', channel: 'x', platformMessageId: 'never-seen', set: { deletedAt: at(4) } },
    });

    await expect(updating).rejects.toThrow(MessageNotFoundError);
    expect(await store.getCase(stored.id)).toEqual(stored);
  });

  it('keeps audit entries append-only: saving an entry id again fails and writes nothing', async () => {
    // Prepare
    const stored = await givenCase(store);
    const entry = anAuditEntry(stored.id, { type: 'case.assigned', at: at(3) });
    const assigned = nextVersion(stored, { assignee: 'alice' });
    await store.saveCase({ case: assigned, expectedVersion: stored.version, audit: [entry] });

    // Act
    const rewriting = store.saveCase({
      case: nextVersion(assigned, { assignee: 'mallory' }),
      expectedVersion: assigned.version,
      audit: [{ ...entry, actor: 'mallory' }],
    });

    // Assess
    await expect(rewriting).rejects.toThrow(/append-only/);
    const detail = await store.getCaseDetail(stored.id);
    expect(detail?.audit.at(-1)).toEqual(entry);
    expect(detail?.case).toEqual(assigned);
  });

  it('finds a stored message by channel and platform id, and nothing for an unknown id', async () => {
    const stored = await givenCase(store);
    const message = aMessage(stored.id, { channel: 'whatsapp', platformMessageId: 'wamid.ABC#1' });
    await store.saveCase({ case: nextVersion(stored), expectedVersion: 1, message: { kind: 'put', message } });

    expect(await store.findMessage('whatsapp', 'wamid.ABC#1')).toEqual(message);
    expect(await store.findMessage('whatsapp', 'wamid.unknown')).toBeUndefined();
  });
});

describe('recording processed events', () => {
  it('records an event once: the second markProcessed returns false', async () => {
    const first = await store.markProcessed('meta:ignored-1', { reason: 'reaction' });
    const second = await store.markProcessed('meta:ignored-1', { reason: 'reaction' });

    expect([first, second]).toEqual([true, false]);
    expect(await store.hasProcessed('meta:ignored-1')).toBe(true);
    expect(await store.hasProcessed('meta:never-seen')).toBe(false);
  });

  it('lets a marker of an event that changed no case expire after about 90 days', async () => {
    // Prepare
    const table = await freshTable();
    const now = new Date('2026-03-01T00:00:00Z');
    const clocked = new DynamoCaseStore({
      client: table.documentClient,
      tableName: table.tableName,
      clock: { now: () => now },
    });

    // Act
    await clocked.markProcessed('x:ignored-2', {});

    // Assess
    const { Item: marker } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.event('x:ignored-2') }),
    );
    expect(marker?.expiresAt).toBe(now.getTime() / 1000 + 90 * 24 * 3600);
  });
});
