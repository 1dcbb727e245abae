/**
 * Cases by status, the latest to enter its status first, on gsi1: each status spread over
 * STATUS_SHARDS partitions, so no status is one hot partition key. Entries written before the
 * index was keyed by statusChangedAt keep their updatedAt until the case is next written:
 * also a time in the case's current status, so they still sort among the others.
 *
 * A listing queries every partition of the statuses asked for, in parallel, and merges them by
 * the index sort key (statusChangedAt#caseId), so the order is the same as one partition's would be.
 * The cursor records, per partition, the index key of the last case returned from it ('start'
 * before the first, 'done' once exhausted), as base64url JSON. The index holds keys only: the
 * page's cases are then read by key.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from '../../commons/errors.ts';
import { CASE_STATUSES, type Case, type CaseStatus } from '../../domain/case.ts';
import type { Page } from '../../ports.ts';
import { getAll } from './get-all.ts';
import { caseFromItem, type Item } from './items.ts';
import { keys, STATUS_SHARDS, statusPartition, TABLE_SCHEMA } from './table.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

type IndexKey = Record<string, string>;
type Position = IndexKey | 'start' | 'done';
/** Position per index partition (STATUS#<status>#<shard>). */
type Positions = Record<string, Position>;

const { byStatus } = TABLE_SCHEMA.indexes;
const INDEX_KEY_ATTRIBUTES = [TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey, byStatus.partitionKey, byStatus.sortKey];

export const clampLimit = (limit: number | undefined): number =>
  Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit ?? DEFAULT_LIMIT)));

const partitionsOf = (statuses: readonly CaseStatus[]): string[] =>
  statuses.flatMap((status) => Array.from({ length: STATUS_SHARDS }, (_, shard) => statusPartition(status, shard)));

export async function listCasesByStatus(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: { readonly status?: CaseStatus; readonly limit?: number; readonly cursor?: string },
): Promise<Page<Case>> {
  const limit = clampLimit(query.limit);
  const partitions = partitionsOf(query.status ? [query.status] : CASE_STATUSES);
  const positions: Positions = query.cursor
    ? decodeCursor(query.cursor, partitions)
    : Object.fromEntries(partitions.map((partition) => [partition, 'start']));

  const fetched = await Promise.all(
    partitions
      .filter((partition) => positions[partition] !== 'done')
      .map(async (partition) => {
        const position = positions[partition];
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: byStatus.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': byStatus.partitionKey },
            ExpressionAttributeValues: { ':pk': partition },
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: typeof position === 'object' ? position : undefined,
          }),
        );
        return { partition, items: page.Items ?? [], more: page.LastEvaluatedKey !== undefined };
      }),
  );

  // A partition that stopped early (more left) may still hold cases newer than another one's
  // tail: only cases at or above the newest such stopping point are safe to return.
  const sortKeyOf = (item: Item) => String(item[byStatus.sortKey]);
  const cut =
    fetched
      .filter((f) => f.more && f.items.length > 0)
      .map((f) => sortKeyOf(f.items.at(-1) as Item))
      .sort()
      .at(-1) ?? '';
  const page = fetched
    .flatMap((f) => f.items.map((item) => ({ partition: f.partition, item })))
    .filter(({ item }) => sortKeyOf(item) >= cut)
    .sort((a, b) => (sortKeyOf(a.item) < sortKeyOf(b.item) ? 1 : -1))
    .slice(0, limit);

  const next: Positions = { ...positions };
  for (const { partition, items, more } of fetched) {
    const taken = page.filter((entry) => entry.partition === partition);
    const last = taken.at(-1);
    if (!more && taken.length === items.length) next[partition] = 'done';
    else if (last) next[partition] = indexKeyOf(last.item);
  }
  const done = partitions.every((partition) => next[partition] === 'done');
  return {
    items: await casesByKey(
      client,
      tableName,
      page.map(({ item }) => item),
    ),
    ...(done ? {} : { cursor: encodeCursor(next) }),
  };
}

/**
 * The case items behind index entries, in the entries' order, each case once; a case deleted
 * meanwhile is left out. Entries can name one case twice: index partitions are read side by side,
 * and a case whose status changes between two reads is in both (BatchGetItem refuses duplicate keys).
 */
export async function casesByKey(
  client: DynamoDBDocumentClient,
  tableName: string,
  entries: readonly Item[],
): Promise<Case[]> {
  const unique = [...new Map(entries.map((entry) => [String(entry.pk), entry])).values()];
  const items = await getAll(
    { client, tableName },
    unique.map((entry) => ({ pk: String(entry.pk), sk: String(entry.sk) })),
    { consistent: false },
  );
  const found = new Map(items.map((item) => [String(item.pk), item]));
  return unique
    .map((entry) => found.get(String(entry.pk)))
    .filter((item): item is Item => item !== undefined)
    .map(caseFromItem);
}

const indexKeyOf = (item: Item): IndexKey =>
  Object.fromEntries(INDEX_KEY_ATTRIBUTES.map((name) => [name, String(item[name])]));

const encodeCursor = (positions: Positions): string => Buffer.from(JSON.stringify(positions)).toString('base64url');

function decodeCursor(cursor: string, partitions: readonly string[]): Positions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this API returned');
  }
  if (!isPositions(parsed, partitions)) {
    throw new InvalidCursorError('cursor is not one this API returned, or was issued for another status filter');
  }
  return parsed;
}

function isPositions(value: unknown, partitions: readonly string[]): value is Positions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  if (entries.length !== partitions.length) return false;
  return entries.every(([partition, position]) => {
    if (!partitions.includes(partition)) return false;
    if (position === 'start' || position === 'done') return true;
    if (typeof position !== 'object' || position === null || Array.isArray(position)) return false;
    return (
      INDEX_KEY_ATTRIBUTES.every((name) => typeof (position as Item)[name] === 'string') &&
      Object.keys(position).length === INDEX_KEY_ATTRIBUTES.length &&
      (position as Item)[byStatus.partitionKey] === partition
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
