/**
 * The cost benchmark's meter against hand-computed AWS bills: the pricing rules alone, then the
 * DynamoDB middleware on real requests to DynamoDB Local, whose own ConsumedCapacity is not what
 * AWS bills (it reports a transaction of ten 0.1 KB items as 2 units; AWS bills 20).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  billedEvents,
  eventEntryBytes,
  httpApiRequests,
  indexWriteUnits,
  itemSize,
  itemWriteUnits,
  lambdaDurationMs,
  lambdaGbSeconds,
  queryReadUnits,
  readUnits,
  sqsMessageBytes,
  sqsRequests,
  type TableShape,
} from '../../bench/meter/aws-rules.ts';
import { type DynamoCall, DynamoDbMeter } from '../../bench/meter/dynamodb.ts';
import { freshTable } from '../support/dynamo.ts';

/** The case table as createCaseTable builds it: both indexes project ALL. */
const TABLE: TableShape = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
  ],
};

/** 95 bytes: "pk" + "T#n" (5), "sk" + "ITEM" (6), "body" + 80 characters (84). */
const smallItem = (n: number) => ({ pk: `T#${n}`, sk: 'ITEM', body: 'x'.repeat(80) });
/** 1,504 bytes: "pk" + "BIG#1" (7), "sk" + "ITEM" (6), "text" + 1,487 characters (1,491). */
const bigItem = { pk: 'BIG#1', sk: 'ITEM', text: 'y'.repeat(1487) };
/** A case-like item in both indexes, 101 bytes before its status changes. */
const caseItem = {
  pk: 'CASE#1', // 8
  sk: 'CASE', // 6
  gsi1pk: 'STATUS#open', // 17
  gsi1sk: '2026-12-06T10:00#1', // 24
  gsi2pk: 'CUSTOMER#7', // 16
  gsi2sk: '2026-12-06T10:00#1', // 24
  n: 42, // 1 + 2 (two significant digits: 1 byte, plus 1)
};

describe('AWS billing rules', () => {
  it('sizes items by attribute names and values as AWS does', () => {
    expect(itemSize(smallItem(1))).toBe(95);
    expect(itemSize(bigItem)).toBe(1504);
    expect(itemSize(caseItem)).toBe(8 + 6 + 17 + 24 + 16 + 24 + 3);
    // Maps and lists: 3 bytes plus 1 per element; null and booleans 1 byte.
    expect(itemSize({ m: { a: 'bc' } })).toBe(1 + 3 + 1 + 1 + 2);
    expect(itemSize({ l: [true, null] })).toBe(1 + 3 + 2 + 2);
  });

  it('bills a transaction of ten 0.1 KB items 20 write units, not the 2 DynamoDB Local reports', () => {
    const units = Array.from({ length: 10 }, (_, n) =>
      itemWriteUnits(undefined, smallItem(n), { transactional: true }),
    ).reduce((a, b) => a + b, 0);
    expect(units).toBe(20);
  });

  it('bills an item over 1 KB by the started kilobyte, on the larger of before and after', () => {
    expect(itemWriteUnits(undefined, bigItem, { transactional: false })).toBe(2);
    expect(itemWriteUnits(undefined, bigItem, { transactional: true })).toBe(4);
    // Shrinking it to 95 bytes still bills the 1,504 it was.
    expect(itemWriteUnits(bigItem, smallItem(1), { transactional: false })).toBe(2);
    // A failed condition bills the item as it was, at least one unit.
    expect(itemWriteUnits(bigItem, smallItem(1), { transactional: false, failed: true })).toBe(2);
    expect(itemWriteUnits(undefined, bigItem, { transactional: false, failed: true })).toBe(1);
  });

  it('bills an index key change as a delete and a put in that index, and an unchanged entry as nothing', () => {
    const answered = { ...caseItem, gsi1pk: 'STATUS#answered' };
    // gsi1: delete the open entry (1) and put the answered one (1); gsi2 (ALL): the entry changed, one update (1).
    expect(indexWriteUnits(TABLE, caseItem, answered)).toBe(3);
    // With gsi2 keys only, its entry (keys) did not change: nothing written there.
    const keysOnly: TableShape = {
      ...TABLE,
      indexes: [TABLE.indexes[0], { ...TABLE.indexes[1], projection: 'KEYS_ONLY' }] as TableShape['indexes'],
    };
    expect(indexWriteUnits(keysOnly, caseItem, answered)).toBe(2);
    // A new item enters both indexes; deleting it leaves both; rewriting it unchanged writes neither.
    expect(indexWriteUnits(TABLE, undefined, caseItem)).toBe(2);
    expect(indexWriteUnits(TABLE, caseItem, undefined)).toBe(2);
    expect(indexWriteUnits(TABLE, caseItem, { ...caseItem })).toBe(0);
  });

  it('bills a Query on the sum of the items it reads, rounded up once per 4 KB', () => {
    const items = [1, 2, 3].map((n) => ({ ...bigItem, pk: `BIG#${n}` }));
    // 3 × 1,504 = 4,512 bytes: 2 units consistent, 1 eventually consistent (3 if each item were rounded).
    expect(queryReadUnits(items, true)).toBe(2);
    expect(queryReadUnits(items, false)).toBe(1);
    expect(queryReadUnits([], true)).toBe(1);
    expect(readUnits(4096, true)).toBe(1);
    expect(readUnits(4097, false)).toBe(1);
  });

  it('bills SQS, EventBridge, API Gateway and Lambda by their chunks and rounding', () => {
    expect(sqsRequests(sqsMessageBytes({ MessageBody: 'x'.repeat(64 * 1024) }))).toBe(1);
    expect(sqsRequests(sqsMessageBytes({ MessageBody: 'x'.repeat(64 * 1024 + 1) }))).toBe(2);
    expect(
      sqsMessageBytes({ MessageBody: 'ab', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }),
    ).toBe(2 + 1 + 6 + 1);
    const entry = { Time: new Date(), Source: 'sundown', DetailType: 'CaseOpened', Detail: '{}' };
    expect(eventEntryBytes(entry)).toBe(14 + 7 + 10 + 2);
    expect(billedEvents(64 * 1024 + 1)).toBe(2);
    expect(httpApiRequests(0)).toBe(1);
    expect(httpApiRequests(512 * 1024 + 1)).toBe(2);
    // 100.2 ms bills 101 ms; at 512 MB that is 0.0505 GB-s.
    expect(lambdaGbSeconds(100.2, 512)).toBeCloseTo(0.0505, 10);
  });

  it('stretches the CPU part of a duration measured on a whole core by the vCPU share a memory size buys', () => {
    // 40 ms waiting on requests and 10 ms of CPU: at 512 MB the CPU takes 10 × 1,769 / 512 = 34.55 ms.
    expect(lambdaDurationMs(50, 10, 512)).toBeCloseTo(40 + 34.551, 2);
    // At 1,769 MB and above a handler has a whole vCPU: nothing changes.
    expect(lambdaDurationMs(50, 10, 1769)).toBe(50);
    expect(lambdaDurationMs(50, 10, 3008)).toBe(50);
    // Garbage collection on other threads can report more CPU than wall time: never more than all of it stretched.
    expect(lambdaDurationMs(50, 80, 1769 / 2)).toBe(100);
  });
});

describe('the DynamoDB meter on real requests', () => {
  let metered: DynamoDBDocumentClient;
  let tableName: string;
  let calls: DynamoCall[];

  beforeEach(async () => {
    const table = await freshTable();
    tableName = table.tableName;
    const client = () =>
      DynamoDBDocumentClient.from(
        new DynamoDBClient({
          region: 'us-east-1',
          endpoint: table.endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      );
    metered = client();
    calls = [];
    new DynamoDbMeter(client(), TABLE).attach(
      metered,
      () => true,
      (call) => calls.push(call),
    );
  });

  it('meters a 10-item transaction of 0.1 KB items at 20 write units, whatever DynamoDB Local reports', async () => {
    // Act
    await metered.send(
      new TransactWriteCommand({
        TransactItems: Array.from({ length: 10 }, (_, n) => ({ Put: { TableName: tableName, Item: smallItem(n) } })),
      }),
    );

    // Assess
    expect(calls).toHaveLength(1);
    expect(calls[0]?.writeUnits).toBe(20);
    expect(calls[0]?.indexWriteUnits).toBe(0);
  });

  it('meters an update that changes an index key as the item write plus a delete and a put in the index', async () => {
    // Prepare
    await metered.send(new PutCommand({ TableName: tableName, Item: caseItem }));

    // Act
    await metered.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: caseItem.pk, sk: caseItem.sk },
        UpdateExpression: 'SET gsi1pk = :status',
        ExpressionAttributeValues: { ':status': 'STATUS#answered' },
      }),
    );

    // Assess: the put entered both indexes (1 + 2); the update wrote the item (1), gsi1 twice and gsi2 once (3).
    expect(calls.map((c) => [c.writeUnits, c.indexWriteUnits])).toEqual([
      [1, 2],
      [1, 3],
    ]);
  });

  it('meters a filtered Query on every item it evaluated, not the ones it returned', async () => {
    // Prepare
    for (const n of [1, 2, 3]) {
      await metered.send(new PutCommand({ TableName: tableName, Item: { ...bigItem, sk: `ITEM#${n}`, n } }));
    }
    calls = [];

    // Act
    const { Items = [] } = await metered.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'n = :one',
        ExpressionAttributeValues: { ':pk': bigItem.pk, ':one': 1 },
        ConsistentRead: true,
      }),
    );

    // Assess: one item returned, three read of 1,506 bytes and "n" (1 + 2): 4,527 bytes, 2 read units (3 if each were rounded).
    expect(Items).toHaveLength(1);
    expect(calls[0]?.itemsRead).toHaveLength(3);
    expect(calls[0]?.readUnits).toBe(2);
  });

  it('meters a write whose condition fails on the item as it was', async () => {
    // Prepare
    await metered.send(new PutCommand({ TableName: tableName, Item: bigItem }));

    // Act
    const put = metered.send(
      new PutCommand({ TableName: tableName, Item: bigItem, ConditionExpression: 'attribute_not_exists(pk)' }),
    );

    // Assess
    await expect(put).rejects.toThrow();
    expect(calls[1]).toMatchObject({ failed: true, writeUnits: 2, indexWriteUnits: 0 });
  });
});
