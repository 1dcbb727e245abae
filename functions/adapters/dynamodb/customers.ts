/**
 * Customer identity: one identity item per (kind, value) names its customer, so an identity can
 * belong to one customer only, enforced by conditional writes.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { idRandom } from '../../commons/pooled-random.ts';
import type { Customer, Identity } from '../../domain/case.ts';
import { cancellationReasons, failedRoles, ITEM_IS_NEW, putNew, type Write } from './case-writes.ts';
import { getAll } from './get-all.ts';
import { customerItem, fromItem, type Item, identityItem } from './items.ts';
import { keys } from './table.ts';

export interface Table {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export async function getCustomer(table: Table, id: string, consistent = false): Promise<Customer | undefined> {
  const { Item: item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.customer(id), ConsistentRead: consistent }),
  );
  return item ? fromItem<Customer>(item) : undefined;
}

/** The customer owning any of these identities, without creating or linking anything. */
export async function findCustomer(table: Table, identities: readonly Identity[]): Promise<Customer | undefined> {
  const wanted = uniqueIdentities(identities);
  const owners = await identityOwners(table, wanted);
  const ownerId = wanted.map((identity) => owners.get(identityPk(identity))).find((id) => id !== undefined);
  return ownerId === undefined ? undefined : getCustomer(table, ownerId, true);
}

export async function resolveCustomer(
  table: Table,
  identities: readonly Identity[],
  profile: { readonly displayName?: string },
  now: Date,
  retriesLeft = 1,
): Promise<ResolvedCustomer> {
  const wanted = uniqueIdentities(identities);
  if (wanted.length === 0) throw new Error('resolveCustomer needs at least one identity');
  const owners = await identityOwners(table, wanted);
  const ownerId = wanted.map((identity) => owners.get(identityPk(identity))).find((id) => id !== undefined);

  if (ownerId === undefined) {
    const created = await createCustomer(table, wanted, profile, now);
    if (created) return { ...created, claimed: wanted };
    // Someone claimed one of these identities since we looked: their customer is ours too.
    if (retriesLeft > 0) return resolveCustomer(table, identities, profile, now, retriesLeft - 1);
    throw new Error('could not resolve customer: its identities keep being claimed concurrently');
  }

  const customer = await getCustomer(table, ownerId, true);
  if (!customer) throw new Error(`identity points to customer ${ownerId}, which does not exist`);
  let changed = false;
  const claimed: Identity[] = [];
  for (const identity of wanted.filter((candidate) => !owners.has(identityPk(candidate)))) {
    const linked = await linkIdentity(table, customer.id, identity);
    if (linked) claimed.push(identity);
    changed = linked || changed;
  }
  if (profile.displayName && !customer.displayName) {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.customer(customer.id),
        UpdateExpression: 'SET displayName = if_not_exists(displayName, :name)',
        ExpressionAttributeValues: { ':name': profile.displayName },
      }),
    );
    changed = true;
  }
  const current = changed ? ((await getCustomer(table, customer.id, true)) ?? customer) : customer;
  return { ...current, claimed };
}

/** The customer, and the identities this call claimed for them (nobody owned them before). */
export type ResolvedCustomer = Customer & { readonly claimed: readonly Identity[] };

const identityPk = (identity: Identity): string => keys.identity(identity.kind, identity.value).pk;

function uniqueIdentities(identities: readonly Identity[]): Identity[] {
  const byPk = new Map(identities.map((identity) => [identityPk(identity), identity]));
  return [...byPk.values()];
}

/** Owning customer id per identity pk, for the identities that have one. */
async function identityOwners(table: Table, identities: readonly Identity[]): Promise<Map<string, string>> {
  const found = await getAll(
    table,
    identities.map((identity) => keys.identity(identity.kind, identity.value)),
    { consistent: true },
  );
  return new Map(found.map((item) => [String(item.pk), String(item.customerId)]));
}

/** Creates the customer with all its identities, or returns undefined if one was claimed meanwhile. */
async function createCustomer(
  table: Table,
  identities: readonly Identity[],
  profile: { readonly displayName?: string },
  now: Date,
): Promise<Customer | undefined> {
  const customer: Customer = {
    id: ulid(now.getTime(), idRandom),
    ...(profile.displayName ? { displayName: profile.displayName } : {}),
    identities,
    createdAt: now.toISOString(),
  };
  if (identities.length === 1) return (await createWithOneIdentity(table, customer)) ? customer : undefined;
  const writes: Write[] = [
    putNew(table.tableName, 'customer', customerItem(customer)),
    ...identities.map((identity) => putNew(table.tableName, 'identity', identityItem(identity, customer.id))),
  ];
  return (await transactUnlessIdentityTaken(table, writes)) ? customer : undefined;
}

/**
 * The common case, without a transaction (half the write units): the customer first, then its
 * identity only if nobody owns it, so an identity never names a customer that is not stored. A
 * customer whose identity was taken meanwhile (or whose writer crashed) is named by nothing.
 */
async function createWithOneIdentity(table: Table, customer: Customer): Promise<boolean> {
  const [identity] = customer.identities as [Identity];
  const put = (item: Item) =>
    table.client.send(new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: ITEM_IS_NEW }));
  await put(customerItem(customer));
  try {
    await put(identityItem(identity, customer.id));
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: keys.customer(customer.id) }));
    return false;
  }
}

/** Claims the identity for the customer and lists it there; false if another customer owns it. */
function linkIdentity(table: Table, customerId: string, identity: Identity): Promise<boolean> {
  return transactUnlessIdentityTaken(table, [
    putNew(table.tableName, 'identity', identityItem(identity, customerId)),
    {
      role: 'customer',
      item: {
        Update: {
          TableName: table.tableName,
          Key: keys.customer(customerId),
          UpdateExpression: 'SET identities = list_append(identities, :identity)',
          ExpressionAttributeValues: { ':identity': [identity] },
        },
      },
    },
  ]);
}

async function transactUnlessIdentityTaken(table: Table, writes: readonly Write[]): Promise<boolean> {
  try {
    await table.client.send(new TransactWriteCommand({ TransactItems: writes.map((write) => write.item) }));
    return true;
  } catch (error) {
    const reasons = cancellationReasons(error);
    const taken =
      reasons &&
      (failedRoles(writes, reasons, 'ConditionalCheckFailed').has('identity') ||
        failedRoles(writes, reasons, 'TransactionConflict').has('identity'));
    if (taken) return false;
    throw error;
  }
}
