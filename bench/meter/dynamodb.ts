/**
 * DynamoDB calls as AWS bills them, captured by a middleware on the production document client
 * (added by the benchmark, in its own process; production code is untouched). Each call is
 * priced from the request and the items it touched (./aws-rules.ts): before every write the
 * meter reads the items it will touch, and after an update the item it left, with a probe client
 * of its own that is never metered; a Query or Scan with a filter or projection is re-run by the
 * probe without them, because AWS bills every item evaluated, whole.
 * DynamoDB Local's own ConsumedCapacity is asked for too and kept beside, for comparison only.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Item,
  indexEntry,
  indexWriteUnits,
  itemSize,
  itemWriteUnits,
  queryReadUnits,
  readUnits,
  type TableShape,
  transactionalReadUnits,
} from './aws-rules.ts';

type Input = Record<string, unknown>;

export interface ItemWrite {
  readonly key: Item;
  readonly kind: 'put' | 'update' | 'delete' | 'check';
  readonly before: Item | undefined;
  readonly after: Item | undefined;
  readonly units: number;
  readonly indexUnits: number;
}

/** One metered call: what it wrote or read and what AWS would bill. */
export interface DynamoCall {
  /** The SDK command, e.g. "TransactWriteItemsCommand". */
  readonly command: string;
  readonly input: Input;
  readonly failed: boolean;
  readonly writes: readonly ItemWrite[];
  /** Every item a read evaluated (billed), whole; for a GetItem or BatchGetItem the items found. */
  readonly itemsRead: readonly Item[];
  /** Keys read that found nothing (each billed at the minimum). */
  readonly misses: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly indexWriteUnits: number;
  /** What DynamoDB Local reported as ConsumedCapacity (not what AWS bills). */
  readonly reportedUnits: number;
}

interface WriteTarget {
  readonly table: string;
  readonly key: Item;
  readonly kind: ItemWrite['kind'];
  readonly item?: Item;
  readonly transactional: boolean;
}

const READS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'QueryCommand',
  'ScanCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

interface Capacity {
  readonly CapacityUnits?: number;
}
const reported = (output: Input | undefined): number =>
  [(output?.ConsumedCapacity as Capacity | Capacity[] | undefined) ?? []]
    .flat()
    .reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

/** The expression names and values `expression` uses: DynamoDB refuses unused ones. */
const usedBy = (expression: string, input: Input): Input => {
  const tokens = new Set(expression.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  const pick = (record: unknown) => {
    const kept = Object.entries((record ?? {}) as Input).filter(([token]) => tokens.has(token));
    return kept.length > 0 ? Object.fromEntries(kept) : undefined;
  };
  return {
    ExpressionAttributeNames: pick(input.ExpressionAttributeNames),
    ExpressionAttributeValues: pick(input.ExpressionAttributeValues),
  };
};

export class DynamoDbMeter {
  readonly #probe: DynamoDBDocumentClient;
  readonly #table: TableShape;
  #probing = 0;
  #sending = 0;
  #lastTick = 0;
  #probeMs = 0;

  /** `probe` reads items around writes and re-runs filtered queries; it must not be a metered client. */
  constructor(probe: DynamoDBDocumentClient, table: TableShape) {
    this.#probe = probe;
    this.#table = table;
  }

  /** Prices every data call `client` sends while `metering()` holds, and hands it to `record`. */
  attach(client: DynamoDBDocumentClient, metering: () => boolean, record: (call: DynamoCall) => void): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        if (!metering() || !(READS.has(command) || WRITES.has(command))) return next(args);
        const input = args.input as Input;
        input.ReturnConsumedCapacity = 'TOTAL';
        const targets = this.#writeTargets(command, input);
        const before = await this.#whileProbing(() =>
          Promise.all(targets.map((target) => this.#current(target.table, target.key))),
        );
        let output: Input | undefined;
        let failed = false;
        try {
          const result = await this.#whileSending(() => next(args));
          output = result.output as Input;
          return result;
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          record(await this.#whileProbing(() => this.#price(command, input, output, failed, targets, before)));
        }
      },
      { step: 'initialize', name: 'benchAwsBillingMeter' },
    );
  }

  /**
   * Wall time so far during which the meter probed and no metered call was in flight: time the
   * code would not spend on AWS, to take off a handler's duration. (Probes that overlap the
   * code's own calls, sent concurrently, are not taken off.)
   */
  get probeMs(): number {
    this.#tick();
    return this.#probeMs;
  }

  #tick(): void {
    const now = performance.now();
    if (this.#probing > 0 && this.#sending === 0) this.#probeMs += now - this.#lastTick;
    this.#lastTick = now;
  }

  async #whileProbing<T>(work: () => Promise<T>): Promise<T> {
    this.#tick();
    this.#probing += 1;
    try {
      return await work();
    } finally {
      this.#tick();
      this.#probing -= 1;
    }
  }

  async #whileSending<T>(work: () => Promise<T>): Promise<T> {
    this.#tick();
    this.#sending += 1;
    try {
      return await work();
    } finally {
      this.#tick();
      this.#sending -= 1;
    }
  }

  async #price(
    command: string,
    input: Input,
    output: Input | undefined,
    failed: boolean,
    targets: readonly WriteTarget[],
    before: readonly (Item | undefined)[],
  ): Promise<DynamoCall> {
    const writes: ItemWrite[] = [];
    for (const [i, target] of targets.entries()) {
      const old = before[i];
      const after = failed
        ? old
        : target.kind === 'put'
          ? target.item
          : target.kind === 'update'
            ? await this.#current(target.table, target.key)
            : target.kind === 'check'
              ? old
              : undefined;
      writes.push({
        key: target.key,
        kind: target.kind,
        before: old,
        after,
        units: itemWriteUnits(old, after, { transactional: target.transactional, failed }),
        indexUnits: failed || target.kind === 'check' ? 0 : indexWriteUnits(this.#table, old, after),
      });
    }
    const read = failed || !READS.has(command) ? undefined : await this.#read(command, input, output ?? {});
    return {
      command,
      input,
      failed,
      writes,
      itemsRead: read?.items ?? [],
      misses: read?.misses ?? 0,
      readUnits: read?.units ?? 0,
      writeUnits: writes.reduce((sum, w) => sum + w.units, 0),
      indexWriteUnits: writes.reduce((sum, w) => sum + w.indexUnits, 0),
      reportedUnits: reported(output),
    };
  }

  #writeTargets(command: string, input: Input): WriteTarget[] {
    const keyOf = (item: Item): Item => {
      const { partitionKey, sortKey } = this.#table;
      return { [partitionKey]: item[partitionKey], ...(sortKey && { [sortKey]: item[sortKey] }) };
    };
    const table = String(input.TableName);
    if (command === 'PutItemCommand') {
      const item = input.Item as Item;
      return [{ table, key: keyOf(item), kind: 'put', item, transactional: false }];
    }
    if (command === 'UpdateItemCommand')
      return [{ table, key: input.Key as Item, kind: 'update', transactional: false }];
    if (command === 'DeleteItemCommand')
      return [{ table, key: input.Key as Item, kind: 'delete', transactional: false }];
    if (command === 'BatchWriteItemCommand') {
      return Object.entries(input.RequestItems as Record<string, Input[]>).flatMap(([name, requests]) =>
        requests.map((request): WriteTarget => {
          const put = request.PutRequest as Input | undefined;
          if (put)
            return {
              table: name,
              key: keyOf(put.Item as Item),
              kind: 'put',
              item: put.Item as Item,
              transactional: false,
            };
          return {
            table: name,
            key: (request.DeleteRequest as Input).Key as Item,
            kind: 'delete',
            transactional: false,
          };
        }),
      );
    }
    if (command === 'TransactWriteItemsCommand') {
      return (input.TransactItems as Input[]).map((entry): WriteTarget => {
        const [kind, action] = Object.entries(entry)[0] as [string, Input];
        const name = String(action.TableName);
        if (kind === 'Put') {
          const item = action.Item as Item;
          return { table: name, key: keyOf(item), kind: 'put', item, transactional: true };
        }
        const mapped = ({ Update: 'update', Delete: 'delete', ConditionCheck: 'check' } as const)[
          kind as 'Update' | 'Delete' | 'ConditionCheck'
        ];
        return { table: name, key: action.Key as Item, kind: mapped, transactional: true };
      });
    }
    return [];
  }

  async #current(table: string, key: Item): Promise<Item | undefined> {
    const { Item: item } = await this.#probe.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return item;
  }

  async #read(command: string, input: Input, output: Input): Promise<{ items: Item[]; misses: number; units: number }> {
    const projected = (request: Input) =>
      request.ProjectionExpression !== undefined || request.AttributesToGet !== undefined;
    if (command === 'GetItemCommand') {
      const found = output.Item as Item | undefined;
      const item = found && projected(input) ? await this.#current(String(input.TableName), input.Key as Item) : found;
      return {
        items: item ? [item] : [],
        misses: item ? 0 : 1,
        units: readUnits(itemSize(item), input.ConsistentRead === true),
      };
    }
    if (command === 'BatchGetItemCommand' || command === 'TransactGetItemsCommand') {
      const gets =
        command === 'BatchGetItemCommand'
          ? Object.entries(input.RequestItems as Record<string, Input>).flatMap(([table, request]) =>
              (request.Keys as Item[]).map((key) => ({ table, key, consistent: request.ConsistentRead === true })),
            )
          : (input.TransactItems as { Get: Input }[]).map(({ Get }) => ({
              table: String(Get.TableName),
              key: Get.Key as Item,
              consistent: true,
            }));
      // Each key is billed as its own read: found items by size, missing ones at the minimum.
      const items = await Promise.all(gets.map((get) => this.#current(get.table, get.key)));
      const units = gets.reduce((sum, get, i) => {
        const bytes = itemSize(items[i]);
        return (
          sum +
          (command === 'TransactGetItemsCommand' ? transactionalReadUnits(bytes) : readUnits(bytes, get.consistent))
        );
      }, 0);
      const found = items.filter((item): item is Item => item !== undefined);
      return { items: found, misses: gets.length - found.length, units };
    }
    const evaluated = await this.#evaluated(command, input, output);
    const index = this.#table.indexes.find((i) => i.name === input.IndexName);
    const billed = index ? evaluated.map((item) => indexEntry(this.#table, index, item) ?? item) : evaluated;
    // Index reads are eventually consistent whatever the request asks.
    return { items: evaluated, misses: 0, units: queryReadUnits(billed, input.ConsistentRead === true && !index) };
  }

  /** The items a Query or Scan evaluated: its answer, or, when a filter or projection hides some, the same read without them. */
  async #evaluated(command: string, input: Input, output: Input): Promise<Item[]> {
    const hidden =
      input.FilterExpression !== undefined || input.ProjectionExpression !== undefined || input.Select === 'COUNT';
    if (!hidden) return (output.Items ?? []) as Item[];
    const common = {
      TableName: input.TableName as string,
      IndexName: input.IndexName as string | undefined,
      Limit: input.Limit as number | undefined,
      ExclusiveStartKey: input.ExclusiveStartKey as Item | undefined,
      ConsistentRead: input.ConsistentRead as boolean | undefined,
    };
    if (command === 'QueryCommand') {
      const condition = String(input.KeyConditionExpression);
      const { Items = [] } = await this.#probe.send(
        new QueryCommand({
          ...common,
          KeyConditionExpression: condition,
          ScanIndexForward: input.ScanIndexForward as boolean | undefined,
          ...usedBy(condition, input),
        }),
      );
      return Items;
    }
    const { Items = [] } = await this.#probe.send(
      new ScanCommand({
        ...common,
        Segment: input.Segment as number | undefined,
        TotalSegments: input.TotalSegments as number | undefined,
      }),
    );
    return Items;
  }
}
