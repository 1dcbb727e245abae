import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { casesByKey } from '../../../functions/adapters/dynamodb/case-listing.ts';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import { keys } from '../../../functions/adapters/dynamodb/table.ts';
import { InvalidCursorError } from '../../../functions/commons/errors.ts';
import type { Case, CaseStatus } from '../../../functions/domain/case.ts';
import { freshTable, type TestTable } from '../../support/dynamo.ts';
import { at, givenCase, nextVersion } from './fixtures.ts';

let table: TestTable;
let store: DynamoCaseStore;
beforeEach(async () => {
  table = await freshTable();
  store = new DynamoCaseStore({ client: table.documentClient, tableName: table.tableName });
});

/** Gives a case's status entry the sort key deployments wrote before statusChangedAt keyed it. */
const rekeyByUpdatedAt = (caseId: string, updatedAt: string) =>
  table.documentClient.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.case(caseId),
      UpdateExpression: 'SET gsi1sk = :sk',
      ExpressionAttributeValues: { ':sk': `${updatedAt}#${caseId}` },
    }),
  );

/** Follows cursors to the end, returning the ids of every page. */
async function allPages(query: { status?: CaseStatus; limit: number }): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listCases({ ...query, cursor });
    pages.push(page.items.map((item) => item.id));
    cursor = page.cursor;
  } while (cursor && pages.length < 50);
  return pages;
}

const newestFirst = (cases: readonly Case[]) =>
  [...cases].sort((a, b) => b.statusChangedAt.localeCompare(a.statusChangedAt)).map((c) => c.id);

/** A case that entered its status (and was last written) at the given minute. */
const since = (minute: number) => ({ statusChangedAt: at(minute), updatedAt: at(minute) });

describe('listing cases by status', () => {
  it('moves a case from the open list to the responded list when its status changes', async () => {
    // Prepare
    const waiting = await givenCase(store, since(1));
    const answered = await givenCase(store, since(2));

    // Act
    await store.saveCase({
      case: nextVersion(answered, {
        status: 'responded',
        statusChangedAt: at(9),
        updatedAt: at(9),
        firstResponseAt: at(9),
      }),
      expectedVersion: answered.version,
    });

    // Assess
    const open = await store.listCases({ status: 'open' });
    const responded = await store.listCases({ status: 'responded' });
    expect(open.items.map((c) => c.id)).toEqual([waiting.id]);
    expect(responded.items).toEqual([expect.objectContaining({ id: answered.id, status: 'responded', version: 2 })]);
    expect(open.cursor).toBeUndefined();
  });

  it('lists the case that entered its status most recently first', async () => {
    const older = await givenCase(store, since(1));
    const newer = await givenCase(store, since(7));
    const middle = await givenCase(store, since(4));

    const { items } = await store.listCases({ status: 'open' });

    expect(items.map((c) => c.id)).toEqual([newer.id, middle.id, older.id]);
  });

  it('keeps a case in its place in the list when a write leaves its status as it was', async () => {
    // Prepare
    const older = await givenCase(store, since(1));
    const newer = await givenCase(store, since(4));

    // Act: a follow-up on the older case, later than anything else
    await store.saveCase({ case: nextVersion(older, { updatedAt: at(9) }), expectedVersion: older.version });

    // Assess
    const { items } = await store.listCases({ status: 'open' });
    expect(items.map((c) => [c.id, c.version])).toEqual([
      [newer.id, 1],
      [older.id, 2],
    ]);
  });

  it('still lists a case whose index entry was written under updatedAt, and re-keys it on its next write', async () => {
    // Prepare: an entry of the old shape, keyed by a later updatedAt than its statusChangedAt
    const old = await givenCase(store, since(1));
    const recent = await givenCase(store, since(5));
    await rekeyByUpdatedAt(old.id, at(8));
    const before = await store.listCases({ status: 'open' });

    // Act
    await store.saveCase({ case: nextVersion(old, { updatedAt: at(9) }), expectedVersion: old.version });

    // Assess
    const after = await store.listCases({ status: 'open' });
    expect(before.items.map((c) => c.id)).toEqual([old.id, recent.id]);
    expect(after.items.map((c) => c.id)).toEqual([recent.id, old.id]);
  });

  it('pages through one status with a cursor, returning every case exactly once', async () => {
    // Prepare
    const cases: Case[] = [];
    for (let minute = 0; minute < 7; minute++) cases.push(await givenCase(store, since(minute)));

    // Act
    const pages = await allPages({ status: 'open', limit: 3 });

    // Assess
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(newestFirst(cases));
  });

  it('without a status, merges every status newest first and pages through each case exactly once', async () => {
    // Prepare
    const statuses: CaseStatus[] = ['open', 'resolved', 'responded', 'open', 'waiting_on_customer', 'resolved', 'open'];
    const cases: Case[] = [];
    for (const [minute, status] of statuses.entries()) {
      cases.push(await givenCase(store, { status, ...since(minute * 3) }));
    }

    // Act
    const pages = await allPages({ limit: 2 });

    // Assess
    expect(pages.flat()).toEqual(newestFirst(cases));
    expect(pages.every((page) => page.length <= 2)).toBe(true);
  });

  it('spreads one status over several index partitions and still pages through it newest first', async () => {
    // Prepare
    const cases: Case[] = [];
    for (let minute = 0; minute < 12; minute++) cases.push(await givenCase(store, since(minute)));
    const partitions = new Set(cases.map((c) => keys.caseByStatus('open', c.statusChangedAt, c.id).gsi1pk));

    // Act
    const pages = await allPages({ status: 'open', limit: 5 });

    // Assess
    expect(partitions.size).toBeGreaterThan(1);
    expect([...partitions].every((pk) => /^STATUS#open#\d+$/.test(pk))).toBe(true);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual(newestFirst(cases));
  });

  it('returns a case named twice by the index entries once, as a case moving status between two partition reads is', async () => {
    // Prepare: two cases, the first named twice.
    const moving = await givenCase(store, since(1));
    const other = await givenCase(store, since(2));
    const entry = (c: Case) => keys.case(c.id);

    // Act
    const cases = await casesByKey(table.documentClient, table.tableName, [entry(moving), entry(other), entry(moving)]);

    // Assess
    expect(cases.map((c) => c.id)).toEqual([moving.id, other.id]);
  });

  it('rejects a cursor it did not issue with InvalidCursorError', async () => {
    // Prepare
    for (let minute = 0; minute < 3; minute++) await givenCase(store, since(minute));
    const { cursor: openCursor } = await store.listCases({ status: 'open', limit: 1 });
    const notJson = Buffer.from('{oops').toString('base64url');
    const forgedKey = Buffer.from(JSON.stringify({ open: { pk: 'CUSTOMER#1' } })).toString('base64url');

    // Act
    const attempts = [
      store.listCases({ cursor: '!!not base64!!' }),
      store.listCases({ status: 'open', cursor: notJson }),
      store.listCases({ status: 'open', cursor: forgedKey }),
      store.listCases({ status: 'resolved', cursor: openCursor }),
    ];

    // Assess
    expect(openCursor).toBeDefined();
    for (const attempt of attempts) await expect(attempt).rejects.toThrow(InvalidCursorError);
  });
});

describe("listing a customer's cases", () => {
  it('lists only that customer’s cases, most recently opened first, up to the limit', async () => {
    // Prepare
    const first = await givenCase(store, { customerId: 'cust-a', openedAt: at(1) });
    const second = await givenCase(store, { customerId: 'cust-a', openedAt: at(5) });
    const third = await givenCase(store, { customerId: 'cust-a', openedAt: at(9) });
    await givenCase(store, { customerId: 'cust-b', openedAt: at(7) });

    // Act
    const all = await store.listCustomerCases('cust-a');
    const latestTwo = await store.listCustomerCases('cust-a', 2);

    // Assess
    expect(all.map((c) => c.id)).toEqual([third.id, second.id, first.id]);
    expect(latestTwo.map((c) => c.id)).toEqual([third.id, second.id]);
    expect(await store.listCustomerCases('nobody')).toEqual([]);
  });
});
