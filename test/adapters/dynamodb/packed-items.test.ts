/**
 * Cases and a write's audit entries are stored deflated, in as few items as fit (the new message's
 * item when the write stores one): read back whole and in order. The deflate that makes them
 * faster bills no item of the use cases a write unit more, and items written before read back.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { itemSize, writeUnits } from '../../../bench/meter/aws-rules.ts';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import {
  caseItem,
  deflateJson,
  type Item,
  messageItem,
  packedAuditBytes,
  withFoldedAudit,
} from '../../../functions/adapters/dynamodb/items.ts';
import { keys } from '../../../functions/adapters/dynamodb/table.ts';
import { DuplicateEventError } from '../../../functions/commons/errors.ts';
import { freshTable } from '../../support/dynamo.ts';
import { packedCorpus } from '../../support/packed-corpus.ts';
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

it('reads back a case and audit entries written with the 32 KB window of before, matches reaching back 20 KB', async () => {
  // Prepare: text that repeats 20 KB later (past a 4 KB window and inflate's 16 KB first chunk), deflated as before
  const { tableName, documentClient } = await freshTable();
  const store = new DynamoCaseStore({ client: documentClient, tableName });
  const noise = (bytes: number) => randomBytes(bytes).toString('base64');
  const phrase = noise(3 * 1024);
  const between = noise(12 * 1024);
  const opened = aCase({ subject: `${phrase} ${between} ${phrase}`, messageCount: 1 });
  const message = aMessage(opened.id, { sentAt: at(1) });
  const audit = [phrase, between, phrase].map((note) => anAuditEntry(opened.id, { at: at(1), detail: { note } }));
  const before = (value: unknown) => deflateRawSync(JSON.stringify(value), { level: 9 });
  const items = [
    { ...caseItem(opened), body: before(opened) },
    { ...messageItem(message, audit), audit: before(audit) },
  ];

  // Act
  for (const Item of items) await documentClient.send(new PutCommand({ TableName: tableName, Item }));

  // Assess
  const detail = await store.getCaseDetail(opened.id);
  expect(detail?.case).toEqual(opened);
  expect(detail?.messages).toEqual([message]);
  expect(detail?.audit).toEqual([...audit].sort((a, b) => a.id.localeCompare(b.id)));
});

it('deflates no case, audit list or event list of the use cases into an item billed more write units than level 9 did', async () => {
  // Prepare
  const corpus = await packedCorpus();
  const unitsOf = (item: Item) => writeUnits(itemSize(item), false);

  // Act
  const grown = corpus.filter(({ item, attribute }) => {
    const json = inflateRawSync(item[attribute] as Uint8Array).toString('utf8');
    return unitsOf(item) > unitsOf({ ...item, [attribute]: deflateRawSync(json, { level: 9 }) });
  });

  // Assess
  expect(corpus.filter(({ what }) => what.startsWith('case ')).length).toBeGreaterThan(30);
  expect(grown.map(({ what }) => what)).toEqual([]);
});

it('deflates JSON of any length up to past 32 KB into the same bytes as level 9 with the default window', () => {
  // Prepare: a write's audit lists from one entry to about 40 KB of JSON
  const caseId = aCase().id;
  const entries = Array.from({ length: 240 }, (_, i) =>
    anAuditEntry(caseId, { at: at(i % 60), detail: { seq: i, via: 'slack' } }),
  );
  const lists = Array.from({ length: 80 }, (_, n) => entries.slice(0, 3 * n + 1));

  // Act
  const differing = lists
    .map((list) => JSON.stringify(list))
    .filter((json) => !deflateJson(json).equals(deflateRawSync(json, { level: 9 })));

  // Assess
  expect(Buffer.byteLength(JSON.stringify(lists.at(-1)))).toBeGreaterThan(32 * 1024);
  expect(differing.map((json) => json.length)).toEqual([]);
});

it('deflates a write’s audit entries once: measuring them and storing them take the same bytes', () => {
  // Prepare: one list of entries, and an equal list built apart
  const audit = [anAuditEntry('CASE1'), anAuditEntry('CASE1', { type: 'case.note' })];
  const equal = audit.map((entry) => ({ ...entry }));

  // Act
  const measured = packedAuditBytes(audit);
  const stored = withFoldedAudit({}, audit).audit;
  const storedAgain = withFoldedAudit({}, audit).audit;
  const storedApart = withFoldedAudit({}, equal).audit;

  // Assess: the same bytes object for the same list; equal bytes, deflated again, for an equal list
  expect(stored).toBe(storedAgain);
  expect((stored as Uint8Array).byteLength).toBe(measured);
  expect(storedApart).not.toBe(stored);
  expect(Buffer.from(storedApart as Uint8Array).equals(Buffer.from(stored as Uint8Array))).toBe(true);
});
