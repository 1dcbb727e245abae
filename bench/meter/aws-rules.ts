/**
 * How AWS bills a request, as pure functions of what the request and its answer carry. Every
 * meter in bench/ prices with these, never with what an emulator reports (DynamoDB Local bills a
 * transaction of ten 0.1 KB items 2 write units; AWS bills 20).
 *
 * DynamoDB: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 * (item sizes), .../read-write-operations.html (reads, writes, failed conditional writes),
 * .../transaction-apis.html#transaction-capacity-handling (twice inside a transaction),
 * .../GSI.html#GSI.ThroughputConsiderations.Writes (index writes: an update that changes an index
 * key is a delete and a put in the index, sized as the projected entry).
 */
const KB = 1024;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

const numberSize = (text: string): number => {
  const digits = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
};

/**
 * A value's size from the JavaScript value the document client sends or returns: UTF-8 bytes of
 * strings, about one byte per two significant digits plus one for numbers, raw bytes for binary,
 * one byte for null and booleans, three bytes per list or map plus one per element.
 */
const valueSize = (value: unknown): number => {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(String(value));
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, member) => sum + valueSize(member), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (typeof value === 'object') {
    // NumberValue (lossless numbers) carries its digits as text.
    if ('value' in value && Object.keys(value).length === 1 && typeof value.value === 'string') {
      return numberSize(value.value);
    }
    return 3 + Object.entries(value).reduce((sum, [name, member]) => sum + 1 + utf8(name) + valueSize(member), 0);
  }
  return utf8(String(value));
};

export type Item = Readonly<Record<string, unknown>>;

export const attributeSize = (name: string, value: unknown): number => utf8(name) + valueSize(value);

/** Attribute names plus values; 0 for no item. */
export const itemSize = (item: Item | undefined): number =>
  item ? Object.entries(item).reduce((sum, [name, value]) => sum + attributeSize(name, value), 0) : 0;

/** Read units of one read of `bytes`: 4 KB each, at least one; half when eventually consistent. */
export const readUnits = (bytes: number, consistent: boolean): number =>
  Math.max(1, Math.ceil(bytes / (4 * KB))) * (consistent ? 1 : 0.5);

/** Read units of one item read inside TransactGetItems: twice a consistent read. */
export const transactionalReadUnits = (bytes: number): number => 2 * readUnits(bytes, true);

/** Read units of a Query or Scan: the sizes of every item it evaluated, summed, then rounded up once. */
export const queryReadUnits = (items: readonly Item[], consistent: boolean): number =>
  readUnits(
    items.reduce((sum, item) => sum + itemSize(item), 0),
    consistent,
  );

/** Write units of one item write of `bytes`: 1 KB each, at least one; twice inside a transaction. */
export const writeUnits = (bytes: number, transactional: boolean): number =>
  Math.max(1, Math.ceil(bytes / KB)) * (transactional ? 2 : 1);

/**
 * Write units of one item written: the larger of the item before and after. A write whose
 * condition fails is billed on the item as it was (at least 1), as is a cancelled transaction's.
 */
export const itemWriteUnits = (
  before: Item | undefined,
  after: Item | undefined,
  options: { readonly transactional: boolean; readonly failed?: boolean },
): number =>
  writeUnits(options.failed ? itemSize(before) : Math.max(itemSize(before), itemSize(after)), options.transactional);

/** A global secondary index as deployed: its key and what it projects. */
export interface IndexShape {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /** 'ALL', 'KEYS_ONLY', or the non-key attributes of an INCLUDE projection. */
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

export interface TableShape {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes: readonly IndexShape[];
}

/** The item's entry in `index` (table keys, index keys and projected attributes), or none if it lacks the index key. */
export const indexEntry = (table: TableShape, index: IndexShape, item: Item | undefined): Item | undefined => {
  if (!item || item[index.partitionKey] === undefined) return undefined;
  if (index.sortKey && item[index.sortKey] === undefined) return undefined;
  if (index.projection === 'ALL') return item;
  const kept = new Set(
    [
      table.partitionKey,
      table.sortKey,
      index.partitionKey,
      index.sortKey,
      ...(index.projection === 'KEYS_ONLY' ? [] : index.projection),
    ].filter((name): name is string => name !== undefined),
  );
  return Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name)));
};

const canonical = (value: unknown): unknown => {
  if (value instanceof Set) return { set: [...value].map(canonical).sort() };
  if (value instanceof Uint8Array) return { binary: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, member]) => [name, canonical(member)]),
    );
  }
  return value;
};
const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Index write units of one item write, index by index (never doubled: index writes are not
 * transactional): a put when the item enters the index, a delete when it leaves, both when its
 * index key changes, one update when its projected entry changes, nothing when it does not.
 */
export const indexWriteUnits = (table: TableShape, before: Item | undefined, after: Item | undefined): number => {
  let units = 0;
  for (const index of table.indexes) {
    const old = indexEntry(table, index, before);
    const now = indexEntry(table, index, after);
    const keyOf = (entry: Item) => [entry[index.partitionKey], index.sortKey ? entry[index.sortKey] : undefined];
    if (old && now && same(keyOf(old), keyOf(now))) {
      if (!same(old, now)) units += writeUnits(Math.max(itemSize(old), itemSize(now)), false);
    } else {
      if (old) units += writeUnits(itemSize(old), false);
      if (now) units += writeUnits(itemSize(now), false);
    }
  }
  return units;
};

/** SQS: each 64 KB chunk of a request's payload is billed as one request. https://aws.amazon.com/sqs/pricing/ */
export const sqsRequests = (payloadBytes: number): number => Math.max(1, Math.ceil(payloadBytes / (64 * KB)));

/** An SQS message's payload: its body and each message attribute's name, type and value. */
export const sqsMessageBytes = (message: {
  readonly MessageBody?: string;
  readonly Body?: string;
  readonly MessageAttributes?: Readonly<
    Record<string, { readonly DataType?: string; readonly StringValue?: string; readonly BinaryValue?: Uint8Array }>
  >;
}): number =>
  utf8(message.MessageBody ?? message.Body ?? '') +
  Object.entries(message.MessageAttributes ?? {}).reduce(
    (sum, [name, value]) =>
      sum +
      utf8(name) +
      utf8(value.DataType ?? '') +
      (value.StringValue === undefined ? 0 : utf8(value.StringValue)) +
      (value.BinaryValue?.byteLength ?? 0),
    0,
  );

/**
 * EventBridge: a PutEvents entry's size (Time 14 bytes when set, Source, DetailType, Detail and
 * each resource in UTF-8), each 64 KB chunk of it one billed event.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export const eventEntryBytes = (entry: {
  readonly Time?: Date;
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: readonly string[];
}): number =>
  (entry.Time ? 14 : 0) +
  utf8(entry.Source ?? '') +
  utf8(entry.DetailType ?? '') +
  utf8(entry.Detail ?? '') +
  (entry.Resources ?? []).reduce((sum, resource) => sum + utf8(resource), 0);

export const billedEvents = (entryBytes: number): number => Math.max(1, Math.ceil(entryBytes / (64 * KB)));

/** API Gateway HTTP API: requests are metered in 512 KB increments. https://aws.amazon.com/api-gateway/pricing/ */
export const httpApiRequests = (bodyBytes: number): number => Math.max(1, Math.ceil(bodyBytes / (512 * KB)));

/** Lambda: duration rounded up to the millisecond, times the configured memory. https://aws.amazon.com/lambda/pricing/ */
export const lambdaGbSeconds = (durationMs: number, memoryMb: number): number =>
  (Math.ceil(durationMs) / 1000) * (memoryMb / 1024);

/**
 * Lambda gives a function CPU in proportion to its memory: one vCPU at 1,769 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). Node runs a handler
 * on one thread, so more memory than that does not make it faster.
 */
export const LAMBDA_MB_PER_VCPU = 1769;

/**
 * How long an invocation measured here would run on Lambda at `memoryMb`: its time waiting on
 * requests is kept, and its CPU time stretched by the share of a vCPU the memory buys.
 */
export const lambdaDurationMs = (wallMs: number, cpuMs: number, memoryMb: number): number => {
  const cpu = Math.min(cpuMs, wallMs);
  return wallMs - cpu + cpu * Math.max(1, LAMBDA_MB_PER_VCPU / memoryMb);
};
