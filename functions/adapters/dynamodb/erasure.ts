/**
 * Right to erasure on the single table: rewrites every message and audit entry of the
 * customer's cases with the personal data erased (functions/domain/erasure.ts), then the case
 * itself under its optimistic lock together with a `customer.erased` audit entry, then forgets
 * the customer's identities. Each step is safe to repeat, so a failed run can be run again.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, Case, Identity } from '../../domain/case.ts';
import { customerActorNames, eraseAuditEntry, eraseCase, eraseMessage } from '../../domain/erasure.ts';
import type { CustomerErasure, ErasureReport } from '../../ports.ts';
import { customerCasesQuery } from './case-listing.ts';
import { readCasePartition } from './case-partition.ts';
import { cancellationReasons } from './case-writes.ts';
import { getCustomer, type Table } from './customers.ts';
import { auditItem, auditItems, caseItem, type Item, messageItem, withFoldedAudit } from './items.ts';
import { putAll } from './put-all.ts';
import { keys } from './table.ts';

type AuditStamp = Parameters<CustomerErasure['eraseCustomer']>[1];

const CASE_WRITE_ATTEMPTS = 5;

export class DynamoCustomerErasure implements CustomerErasure {
  readonly #table: Table;

  constructor(options: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {
    this.#table = { client: options.client, tableName: options.tableName };
  }

  async findCustomerIdByIdentity(identity: Identity): Promise<string | undefined> {
    const { Item: item } = await this.#table.client.send(
      new GetCommand({
        TableName: this.#table.tableName,
        Key: keys.identity(identity.kind, identity.value),
        ConsistentRead: true,
      }),
    );
    return item ? String(item.customerId) : undefined;
  }

  async eraseCustomer(customerId: string, stamp: AuditStamp): Promise<ErasureReport | undefined> {
    const customer = await getCustomer(this.#table, customerId, true);
    const caseIds = await this.#customerCaseIds(customerId);
    if (!customer && caseIds.length === 0) return undefined;
    const identityValues = (customer?.identities ?? []).map((identity) => identity.value);
    let messages = 0;
    let auditEntries = 0;
    for (const caseId of caseIds) {
      const erased = await this.#eraseCase(caseId, identityValues, stamp);
      messages += erased.messages;
      auditEntries += erased.auditEntries;
    }
    for (const identity of customer?.identities ?? []) await this.#forgetIdentity(identity, customerId);
    if (customer) {
      await this.#table.client.send(
        new UpdateCommand({
          TableName: this.#table.tableName,
          Key: keys.customer(customerId),
          UpdateExpression: 'SET identities = :none, erasedAt = :at REMOVE displayName',
          ExpressionAttributeValues: { ':none': [], ':at': stamp.at },
        }),
      );
    }
    return { customerId, cases: caseIds, messages, auditEntries, identities: customer?.identities.length ?? 0 };
  }

  async #customerCaseIds(customerId: string): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.#table.client.send(
        new QueryCommand({ ...customerCasesQuery(this.#table.tableName, customerId), ExclusiveStartKey: startKey }),
      );
      // The index holds keys only: the case id is in the table key, CASE#<id>.
      ids.push(...(page.Items ?? []).map((item) => String(item.pk).replace(/^CASE#/, '')));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  }

  async #eraseCase(caseId: string, identityValues: readonly string[], stamp: AuditStamp) {
    for (let attempt = 1; ; attempt++) {
      const { theCase, messages, audit, auditGroups, messageAudit, markers } = await readCasePartition(
        this.#table,
        caseId,
        {
          consistent: true,
        },
      );
      if (!theCase) return { messages: 0, auditEntries: 0 };
      const actors = customerActorNames(messages, identityValues);
      // A later message of the same person is a new customer: their erased case is no conversation to join.
      await this.#deleteIfOwned(keys.conversation(theCase.customerId, theCase.brand), 'caseId', caseId);
      await putAll(this.#table, [
        ...messages.map((message, index) =>
          messageItem(
            eraseMessage(message),
            (messageAudit[index] ?? []).map((entry) => eraseAuditEntry(entry, actors)),
          ),
        ),
        ...auditGroups.flatMap((group) => auditItems(group.map((entry) => eraseAuditEntry(entry, actors)))),
        ...markers.map((marker) =>
          withFoldedAudit(
            marker.item,
            marker.audit.map((entry) => eraseAuditEntry(entry, actors)),
          ),
        ),
      ]);
      const erasedEntry: AuditEntry = {
        caseId,
        id: stamp.newId(),
        at: stamp.at,
        type: 'customer.erased',
        actor: stamp.actor,
        detail: { messages: messages.length, auditEntries: audit.length },
      };
      const updated: Case = { ...eraseCase(theCase), updatedAt: stamp.at, version: theCase.version + 1 };
      try {
        await this.#table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#table.tableName,
                  Item: caseItem(updated),
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': theCase.version },
                },
              },
              { Put: { TableName: this.#table.tableName, Item: auditItem(erasedEntry) } },
            ],
          }),
        );
        return { messages: messages.length, auditEntries: audit.length };
      } catch (error) {
        // The case changed meanwhile (a new message?): erase what it holds now.
        const conflict = cancellationReasons(error)?.some((reason) => reason.Code === 'ConditionalCheckFailed');
        if (!conflict || attempt >= CASE_WRITE_ATTEMPTS) throw error;
      }
    }
  }

  #forgetIdentity(identity: Identity, customerId: string): Promise<void> {
    return this.#deleteIfOwned(keys.identity(identity.kind, identity.value), 'customerId', customerId);
  }

  async #deleteIfOwned(key: Item, ownerAttribute: string, owner: string): Promise<void> {
    try {
      await this.#table.client.send(
        new DeleteCommand({
          TableName: this.#table.tableName,
          Key: key,
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': ownerAttribute },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
