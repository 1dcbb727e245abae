import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoCustomerErasure } from '../../functions/adapters/dynamodb/erasure.ts';
import { keys } from '../../functions/adapters/dynamodb/table.ts';
import type { Case, Customer, Identity } from '../../functions/domain/case.ts';
import { ERASED } from '../../functions/domain/erasure.ts';
import { eraseCustomer, parseIdentity } from '../../functions/use-cases/erase-customer.ts';
import { aCase, aMessage, anAuditEntry, at } from '../adapters/dynamodb/fixtures.ts';
import { freshTable, type TestTable } from '../support/dynamo.ts';

const xIdentity: Identity = { kind: 'x', value: '2244994945' };
const emailIdentity: Identity = { kind: 'email', value: 'jane@example.com' };
const ERASED_AT = '2026-02-01T10:00:00.000Z';

let table: TestTable;
let store: DynamoCaseStore;
let erasure: DynamoCustomerErasure;
const deps = () => ({ erasure, clock: { now: () => new Date(ERASED_AT) }, newId: monotonicFactory(), actor: 'dpo' });

/** Jane's case on X with her message, an edit of it, the brand's answer and the audit of both. */
const givenJanesCase = async (): Promise<{ customer: Customer; theCase: Case; threadKey: string }> => {
  const customer = await store.resolveCustomer([xIdentity, emailIdentity], { displayName: 'Jane Doe' });
  const threadKey = `dm-${customer.id}`;
  const opened = aCase({
    customerId: customer.id,
    customerName: 'Jane Doe',
    customerHandle: 'janedoe',
    subject: 'my bag is lost',
    sentiment: { first: -0.5, latest: 0.25, firstAt: at(1), latestAt: at(5) },
    sla: {
      policy: 'standard',
      clocks: {
        firstResponse: {
          name: 'firstResponse',
          state: 'stopped',
          generation: 1,
          startedAt: at(1),
          target: 'PT15M',
          stoppedAt: at(5),
          met: true,
        },
      },
    },
  });
  await store.createCase({
    case: opened,
    conversation: {},
    audit: [anAuditEntry(opened.id, { detail: { threadKey } })],
  });
  const inbound = aMessage(opened.id, {
    platformMessageId: 'dm-1',
    author: { id: xIdentity.value, handle: 'janedoe', name: 'Jane Doe', followers: 12 },
    text: 'my bag is lost, booking ABC123',
    url: 'https://x.com/messages/dm-1',
    threadKey,
    sentiment: -0.5,
  });
  await store.saveCase({
    case: { ...opened, version: 2, messageCount: 1 },
    expectedVersion: 1,
    message: { kind: 'put', message: inbound },
    audit: [
      anAuditEntry(opened.id, {
        type: 'message.received',
        actor: 'x:janedoe',
        detail: { raw: { text: 'my bag is lost' } },
      }),
    ],
  });
  await store.saveCase({
    case: { ...opened, version: 3, messageCount: 1 },
    expectedVersion: 2,
    message: {
      kind: 'update',
      channel: 'x',
      platformMessageId: 'dm-1',
      set: { text: 'my bag is lost!' },
      appendEdit: { text: 'my bag is lost, booking ABC123', at: at(2) },
    },
    audit: [
      anAuditEntry(opened.id, {
        type: 'message.edited',
        actor: 'x:janedoe',
        detail: { previousText: 'my bag is lost, booking ABC123', text: 'my bag is lost!' },
      }),
    ],
  });
  const reply = aMessage(opened.id, {
    platformMessageId: 'dm-2',
    direction: 'outbound',
    author: { id: '4337869213', handle: 'AcmeAir' },
    text: 'Sorry Jane, we are on it',
    sentAt: at(5),
    threadKey,
  });
  const answered = { ...opened, version: 4, messageCount: 2, firstResponseAt: at(5) };
  await store.saveCase({
    case: answered,
    expectedVersion: 3,
    message: { kind: 'put', message: reply },
    audit: [
      anAuditEntry(opened.id, { type: 'message.sent', actor: 'x:AcmeAir', detail: { raw: { text: 'Sorry Jane' } } }),
    ],
  });
  // A fired timer's write: its entry is kept in its marker, with the case.
  const current = { ...answered, version: 5, updatedAt: at(6) };
  await store.saveCase({
    case: current,
    expectedVersion: 4,
    idempotencyKey: `timer:${opened.id}:resolve`,
    markerInCase: true,
    audit: [
      anAuditEntry(opened.id, {
        type: 'sla.warning',
        actor: 'sla',
        detail: { text: 'Jane Doe (janedoe) still waits' },
      }),
    ],
  });
  return { customer, theCase: current, threadKey };
};

beforeEach(async () => {
  table = await freshTable();
  store = new DynamoCaseStore({ client: table.documentClient, tableName: table.tableName });
  erasure = new DynamoCustomerErasure({ client: table.documentClient, tableName: table.tableName });
});

describe('erasing a customer', () => {
  it("replaces the customer's name, handle, subject, texts, edits and author names with [erased]", async () => {
    // Prepare
    const { customer, theCase } = await givenJanesCase();

    // Act
    const result = await eraseCustomer(deps(), { customerId: customer.id });

    // Assess
    expect(result).toEqual({
      erased: true,
      report: { customerId: customer.id, cases: [theCase.id], messages: 2, auditEntries: 5, identities: 2 },
    });
    const detail = await store.getCaseDetail(theCase.id);
    expect(detail?.case).toMatchObject({ customerName: ERASED, customerHandle: ERASED, subject: ERASED });
    const [inbound, reply] = detail?.messages ?? [];
    expect(inbound).toMatchObject({
      text: ERASED,
      author: { id: ERASED, handle: ERASED, name: ERASED },
      edits: [{ text: ERASED }],
    });
    expect(inbound?.url).toBeUndefined();
    expect(reply).toMatchObject({ text: ERASED, author: { id: '4337869213', handle: 'AcmeAir' } });
    const stored = JSON.stringify(detail);
    for (const personal of ['Jane', 'janedoe', 'ABC123', 'bag is lost', xIdentity.value])
      expect(stored).not.toContain(personal);
  });

  it('keeps timestamps, statuses, clocks, counts and sentiment scores, and audits the erasure without personal data', async () => {
    // Prepare
    const { customer, theCase } = await givenJanesCase();

    // Act
    await eraseCustomer(deps(), { customerId: customer.id });

    // Assess
    const detail = await store.getCaseDetail(theCase.id);
    expect(detail?.case).toMatchObject({
      status: theCase.status,
      openedAt: theCase.openedAt,
      firstResponseAt: theCase.firstResponseAt,
      messageCount: 2,
      sentiment: theCase.sentiment,
      sla: theCase.sla,
      version: theCase.version + 1,
    });
    expect(detail?.messages.map((m) => [m.sentAt, m.direction, m.sentiment])).toEqual([
      [at(1), 'inbound', -0.5],
      [at(5), 'outbound', undefined],
    ]);
    const erasedEntry = detail?.audit.find((entry) => entry.type === 'customer.erased');
    expect(erasedEntry).toMatchObject({ at: ERASED_AT, actor: 'dpo', detail: { messages: 2, auditEntries: 5 } });
    expect(detail?.audit.find((entry) => entry.type === 'message.received')?.actor).toBe(`x:${ERASED}`);
    expect(detail?.audit.find((entry) => entry.type === 'message.sent')?.actor).toBe('x:AcmeAir');
  });

  it('forgets the identities and the thread, so the customer can no longer be looked up', async () => {
    // Prepare
    const { customer, theCase } = await givenJanesCase();

    // Act
    await eraseCustomer(deps(), { identity: parseIdentity('email:Jane@Example.com') });

    // Assess
    expect(await erasure.findCustomerIdByIdentity(xIdentity)).toBeUndefined();
    expect(await erasure.findCustomerIdByIdentity(emailIdentity)).toBeUndefined();
    expect(await store.findConversation(customer.id, theCase.brand)).toBeUndefined();
    const { Item } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.customer(customer.id) }),
    );
    expect(Item).toMatchObject({ id: customer.id, identities: [], erasedAt: ERASED_AT });
    expect(Item?.displayName).toBeUndefined();
  });

  it('says who it could not find instead of erasing nothing silently', async () => {
    const byIdentity = await eraseCustomer(deps(), { identity: { kind: 'email', value: 'nobody@example.com' } });
    const byId = await eraseCustomer(deps(), { customerId: '01NOBODY' });

    expect(byIdentity).toEqual({ erased: false, reason: 'no customer has the identity email:nobody@example.com' });
    expect(byId).toEqual({ erased: false, reason: 'no customer 01NOBODY' });
  });

  it('rejects an identity that is not kind:value, naming the kinds', () => {
    expect(() => parseIdentity('jane@example.com')).toThrow(/must be kind:value with kind one of x, facebook/);
    expect(parseIdentity('phone:+49 151 1234')).toEqual({ kind: 'phone', value: '+491511234' });
  });
});
