/**
 * Cases by status, newest activity first, on gsi1 (one partition per status).
 *
 * Listing every status queries each status partition and merges them by updatedAt, so the
 * order is the same as with a status filter. The cursor records, per status, the index key of
 * the last case returned from it ('start' before the first, 'done' once exhausted), as
 * base64url JSON.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from '../../commons/errors.ts';
import { CASE_STATUSES, type Case, type CaseStatus } from '../../domain/case.ts';
import type { Page } from '../../ports.ts';
import { fromItem, type Item } from './items.ts';
import { keys, TABLE_SCHEMA } from './table.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

type IndexKey = Record<string, string>;
type Position = IndexKey | 'start' | 'done';
type Positions = Partial<Record<CaseStatus, Position>>;

const { byStatus } = TABLE_SCHEMA.indexes;
const INDEX_KEY_ATTRIBUTES = [TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey, byStatus.partitionKey, byStatus.sortKey];

export const clampLimit = (limit: number | undefined): number =>
  Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit ?? DEFAULT_LIMIT)));

export async function listCasesByStatus(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: { readonly status?: CaseStatus; readonly limit?: number; readonly cursor?: string },
): Promise<Page<Case>> {
  const limit = clampLimit(query.limit);
  const statuses = query.status ? [query.status] : [...CASE_STATUSES];
  const positions: Positions = query.cursor
    ? decodeCursor(query.cursor, statuses)
    : Object.fromEntries(statuses.map((status) => [status, 'start']));
  const pending = statuses.filter((status) => positions[status] !== 'done');

  const fetched = await Promise.all(
    pending.map(async (status) => {
      const position = positions[status];
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: byStatus.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': byStatus.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.caseByStatus(status, '', '').gsi1pk },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: typeof position === 'object' ? position : undefined,
        }),
      );
      return { status, items: page.Items ?? [], more: page.LastEvaluatedKey !== undefined };
    }),
  );

  // A status that stopped early (more left) may still hold cases newer than another status's
  // tail: only cases at or above the oldest such stopping point are safe to return.
  const sortKeyOf = (item: Item) => String(item[byStatus.sortKey]);
  const cut =
    fetched
      .filter((f) => f.more && f.items.length > 0)
      .map((f) => sortKeyOf(f.items.at(-1) as Item))
      .sort()
      .at(-1) ?? '';
  const page = fetched
    .flatMap((f) => f.items.map((item) => ({ status: f.status, item })))
    .filter(({ item }) => sortKeyOf(item) >= cut)
    .sort((a, b) => (sortKeyOf(a.item) < sortKeyOf(b.item) ? 1 : -1))
    .slice(0, limit);

  const next: Positions = { ...positions };
  for (const { status, items, more } of fetched) {
    const taken = page.filter((entry) => entry.status === status);
    const last = taken.at(-1);
    if (!more && taken.length === items.length) next[status] = 'done';
    else if (last) next[status] = indexKeyOf(last.item);
  }
  const done = statuses.every((status) => next[status] === 'done');
  return {
    items: page.map(({ item }) => fromItem<Case>(item)),
    ...(done ? {} : { cursor: encodeCursor(next) }),
  };
}

const indexKeyOf = (item: Item): IndexKey =>
  Object.fromEntries(INDEX_KEY_ATTRIBUTES.map((name) => [name, String(item[name])]));

const encodeCursor = (positions: Positions): string => Buffer.from(JSON.stringify(positions)).toString('base64url');

function decodeCursor(cursor: string, statuses: readonly CaseStatus[]): Positions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this API returned');
  }
  if (!isPositions(parsed, statuses)) {
    throw new InvalidCursorError('cursor is not one this API returned, or was issued for another status filter');
  }
  return parsed;
}

function isPositions(value: unknown, statuses: readonly CaseStatus[]): value is Positions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  if (entries.length !== statuses.length) return false;
  return entries.every(([status, position]) => {
    if (!statuses.includes(status as CaseStatus)) return false;
    if (position === 'start' || position === 'done') return true;
    if (typeof position !== 'object' || position === null || Array.isArray(position)) return false;
    const expectedPartition = keys.caseByStatus(status as CaseStatus, '', '').gsi1pk;
    return (
      INDEX_KEY_ATTRIBUTES.every((name) => typeof (position as Item)[name] === 'string') &&
      Object.keys(position).length === INDEX_KEY_ATTRIBUTES.length &&
      (position as Item)[byStatus.partitionKey] === expectedPartition
    );
  });
}

/** The query for a customer's cases on gsi2, newest first unless the caller says otherwise. */
export function customerCasesQuery(tableName: string, customerId: string) {
  const { byCustomer } = TABLE_SCHEMA.indexes;
  return {
    TableName: tableName,
    IndexName: byCustomer.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': byCustomer.partitionKey },
    ExpressionAttributeValues: { ':pk': keys.caseByCustomer(customerId, '', '').gsi2pk },
  };
}
