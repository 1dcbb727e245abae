/**
 * Cases and a write's audit entries are stored deflated, in as few items as fit (the new message's
 * item when the write stores one): read back whole and in order.
 */
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import { keys } from '../../../functions/adapters/dynamodb/table.ts';
import { DuplicateEventError } from '../../../functions/commons/errors.ts';
import { freshTable } from '../../support/dynamo.ts';
import { aCase, aMessage, anAuditEntry, at, nextVersion } from './fixtures.ts';

it("stores a write's three audit entries as one item and reads back the case and every entry as written", async () => {
  // Prepare
  const { tableName, documentClient } = await freshTable();
  const store = new DynamoCaseStore({ client: documentClient, tableName });
  const opened = aCase({ subject: 'Where is my order?' });
  const audit = [anAuditEntry(opened.id), anAuditEntry(opened.id), anAuditEntry(opened.id)];

  // Act
  await store.createCase({ case: opened, audit });

  // Assess
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': keys.case(opened.id).pk, ':audit': 'AUDIT#' },
    }),
  );
  expect(Items).toHaveLength(1);
  const detail = await store.getCaseDetail(opened.id);
  expect(detail?.case).toEqual(opened);
  expect(detail?.audit).toEqual([...audit].sort((a, b) => a.id.localeCompare(b.id)));
});

const partitionItems = async (
  documentClient: Awaited<ReturnType<typeof freshTable>>['documentClient'],
  tableName: string,
  caseId: string,
) =>
  (
    await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.case(caseId).pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

it("keeps the audit entries of a write that stores a message in the message's item, read back in order with the others", async () => {
  // Prepare
  const { tableName, documentClient } = await freshTable();
  const store = new DynamoCaseStore({ client: documentClient, tableName });
  const opened = aCase({ messageCount: 1 });
  const first = aMessage(opened.id, { sentAt: at(1), platformMessageId: 'm-1' });
  const openedEntries = [anAuditEntry(opened.id, { at: at(1) }), anAuditEntry(opened.id, { at: at(1) })];
  const acknowledged = anAuditEntry(opened.id, { at: at(2) });
  const followUp = aMessage(opened.id, { sentAt: at(3), platformMessageId: 'm-2' });
  const followUpEntry = anAuditEntry(opened.id, { at: at(3) });
  await store.createCase({ case: opened, conversation: {}, message: first, audit: openedEntries });
  const second = nextVersion(opened, { updatedAt: at(2) });

  // Act: a write without a message (its entry gets an item), then one with a message
  await store.saveCase({ case: second, expectedVersion: opened.version, audit: [acknowledged] });
  await store.saveCase({
    case: nextVersion(second, { updatedAt: at(3), messageCount: 2 }),
    expectedVersion: second.version,
    message: { kind: 'put', message: followUp },
    audit: [followUpEntry],
  });

  // Assess
  const items = await partitionItems(documentClient, tableName, opened.id);
  expect(items.map((item) => String(item.sk).split('#')[0])).toEqual(['AUDIT', 'CASE', 'MSG', 'MSG']);
  const detail = await store.getCaseDetail(opened.id);
  const inOrder = [...openedEntries].sort((a, b) => a.id.localeCompare(b.id));
  expect(detail?.audit).toEqual([...inOrder, acknowledged, followUpEntry]);
  expect(detail?.messages).toEqual([first, followUp]);
  expect(await store.findMessage(followUp.channel, followUp.platformMessageId)).toEqual(followUp);
});

it('gives a write its own audit items when its entries are too big to share the message item', async () => {
  // Prepare: payloads that do not compress (random bytes as hex) past the message item's share
  const { tableName, documentClient } = await freshTable();
  const store = new DynamoCaseStore({ client: documentClient, tableName });
  const opened = aCase({ messageCount: 1 });
  const message = aMessage(opened.id, { sentAt: at(1) });
  const noise = (bytes: number) => randomBytes(bytes).toString('base64');
  const audit = [0, 1, 2].map(() => anAuditEntry(opened.id, { at: at(1), detail: { raw: noise(40 * 1024) } }));

  // Act
  await store.createCase({ case: opened, conversation: {}, message, audit });

  // Assess
  const items = await partitionItems(documentClient, tableName, opened.id);
  expect(items.filter((item) => String(item.sk).startsWith('AUDIT#')).length).toBeGreaterThan(0);
  expect(items.find((item) => String(item.sk).startsWith('MSG#'))?.audit).toBeUndefined();
  expect((await store.getCaseDetail(opened.id))?.audit).toEqual([...audit].sort((a, b) => a.id.localeCompare(b.id)));
});

it("keeps a fired timer's audit entries in its marker, with the case: read back in order, and a second firing writes nothing", async () => {
  // Prepare
  const { tableName, documentClient } = await freshTable();
  const store = new DynamoCaseStore({ client: documentClient, tableName });
  const opened = aCase();
  const openedEntry = anAuditEntry(opened.id, { at: at(1) });
  await store.createCase({ case: opened, audit: [openedEntry] });
  const fired = nextVersion(opened, { updatedAt: at(2) });
  const firedEntries = [anAuditEntry(opened.id, { at: at(2) }), anAuditEntry(opened.id, { at: at(2) })];
  const event = {
    id: 'ev-1',
    type: 'SlaBreached',
    version: 1,
    caseId: opened.id,
    at: at(2),
    detail: { clock: 'firstResponse' },
  } as const;
  const firing = {
    expectedVersion: opened.version,
    audit: firedEntries,
    idempotencyKey: `timer:${opened.id}:firstResponse:breach`,
    markerInCase: true,
    eventsOnMarker: [event],
  };

  // Act
  await store.saveCase({ ...firing, case: fired });
  const again = store.saveCase({ ...firing, case: nextVersion(fired), expectedVersion: fired.version });

  // Assess
  await expect(again).rejects.toThrow(DuplicateEventError);
  const items = await partitionItems(documentClient, tableName, opened.id);
  expect(items.map((item) => String(item.sk).split('#')[0])).toEqual(['AUDIT', 'CASE', 'EVENT']);
  const detail = await store.getCaseDetail(opened.id);
  expect(detail?.case).toEqual(fired);
  const inOrder = [...firedEntries].sort((a, b) => a.id.localeCompare(b.id));
  expect(detail?.audit).toEqual([openedEntry, ...inOrder]);
  expect(await store.processedEvents(firing.idempotencyKey, { caseId: opened.id })).toEqual([event]);
  expect(await store.hasProcessed(firing.idempotencyKey, { caseId: 'another-case' })).toBe(false);
});

it("gives a fired timer's entries items of their own when they are too big to share its marker", async () => {
  // Prepare
  const { tableName, documentClient } = await freshTable();
  const store = new DynamoCaseStore({ client: documentClient, tableName });
  const opened = aCase();
  await store.createCase({ case: opened, audit: [] });
  const noise = (bytes: number) => randomBytes(bytes).toString('base64');
  const audit = [0, 1, 2].map(() => anAuditEntry(opened.id, { at: at(2), detail: { raw: noise(40 * 1024) } }));
  const key = `timer:${opened.id}:resolve:warning`;

  // Act
  await store.saveCase({
    case: nextVersion(opened),
    expectedVersion: opened.version,
    audit,
    idempotencyKey: key,
    markerInCase: true,
  });

  // Assess
  const items = await partitionItems(documentClient, tableName, opened.id);
  expect(items.filter((item) => String(item.sk).startsWith('AUDIT#')).length).toBeGreaterThan(0);
  expect(items.find((item) => String(item.sk).startsWith('EVENT#'))?.audit).toBeUndefined();
  expect((await store.getCaseDetail(opened.id))?.audit).toEqual([...audit].sort((a, b) => a.id.localeCompare(b.id)));
  expect(await store.hasProcessed(key, { caseId: opened.id })).toBe(true);
});
