/**
 * Reads asked for side by side go to DynamoDB as one request: a fired timer's case and the two
 * places its marker may be are read in one BatchGetItem. Against DynamoDB Local, on a client of
 * the test's own that notes every command; the failure paths on a client that answers by script.
 */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import type { Table } from '../../../functions/adapters/dynamodb/customers.ts';
import { DynamoLinkLedger } from '../../../functions/adapters/dynamodb/link-ledger.ts';
import { SameTurnGets } from '../../../functions/adapters/dynamodb/same-turn-gets.ts';
import { freshTable, localClients } from '../../support/dynamo.ts';
import { aCase, anAuditEntry, at, nextVersion } from './fixtures.ts';

/** A store on a client of its own, and the commands it sent, in order. */
const recordedStore = async () => {
  const { tableName, endpoint } = await freshTable();
  const { client, documentClient } = localClients(endpoint);
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return {
    store: new DynamoCaseStore({ client: documentClient, tableName }),
    ledger: new DynamoLinkLedger({ client: documentClient, tableName, clock: { now: () => new Date() }, newId: ulid }),
    commands,
  };
};

describe('reads asked for side by side', () => {
  it("reads a fired timer's case and both places its marker may be in one request, before and after it fired", async () => {
    // Prepare
    const { store, commands } = await recordedStore();
    const opened = aCase();
    await store.createCase({ case: opened, audit: [] });
    const key = `timer:${opened.id}:firstResponse:breach`;
    const read = () => Promise.all([store.getCase(opened.id), store.processedEvents(key, { caseId: opened.id })]);

    // Act
    commands.length = 0;
    const [before, notFired] = await read();
    const readsBefore = [...commands];
    const fired = nextVersion(opened, { updatedAt: at(2) });
    await store.saveCase({
      case: fired,
      expectedVersion: opened.version,
      audit: [anAuditEntry(opened.id, { at: at(2) })],
      idempotencyKey: key,
      markerInCase: true,
      eventsOnMarker: [],
    });
    commands.length = 0;
    const [after, firedEvents] = await read();

    // Assess
    expect(readsBefore).toEqual(['BatchGetItemCommand']);
    expect(commands).toEqual(['BatchGetItemCommand']);
    expect(before).toEqual(opened);
    expect(notFired).toBeUndefined();
    expect(after).toEqual(fired);
    expect(firedEvents).toEqual([]);
  });

  it('reads an item asked for twice once, and a read asked for alone with a GetItem', async () => {
    // Prepare
    const { store, commands } = await recordedStore();
    const opened = aCase();
    await store.createCase({ case: opened, audit: [] });
    commands.length = 0;

    // Act
    const [first, second, missing] = await Promise.all([
      store.getCase(opened.id),
      store.getCase(opened.id),
      store.getCase('no-such-case'),
    ]);
    const together = [...commands];
    commands.length = 0;
    const alone = await store.getCase(opened.id);

    // Assess
    expect(together).toEqual(['BatchGetItemCommand']);
    expect(commands).toEqual(['GetItemCommand']);
    expect([first, second, missing, alone]).toEqual([opened, opened, undefined, opened]);
  });

  it('reads the link epochs of alerts signed side by side in one request, a revoked case at its new epoch', async () => {
    // Prepare: two cases, the links of one revoked
    const { store, ledger, commands } = await recordedStore();
    const [revoked, untouched] = [aCase(), aCase()];
    await Promise.all([
      store.createCase({ case: revoked, audit: [] }),
      store.createCase({ case: untouched, audit: [] }),
    ]);
    await ledger.revoke(revoked.id, 'agent@example.com');
    commands.length = 0;

    // Act
    const epochs = await Promise.all([ledger.epoch(revoked.id), ledger.epoch(untouched.id)]);

    // Assess
    expect(commands).toEqual(['BatchGetItemCommand']);
    expect(epochs).toEqual([1, 0]);
  });
});

/** A client whose BatchGetItem answers are given in turn; what each call asked for is kept. */
const scriptedTable = (answers: readonly (Record<string, unknown> | Error)[]) => {
  const asked: unknown[][] = [];
  let call = 0;
  const client = {
    send: async (command: { input: { RequestItems: Record<string, { Keys: unknown[] }> } }) => {
      asked.push(command.input.RequestItems.table?.Keys ?? []);
      const answer = answers[call++];
      if (answer instanceof Error) throw answer;
      return answer ?? {};
    },
  };
  return { table: { client, tableName: 'table' } as unknown as Table, asked };
};

describe('SameTurnGets when DynamoDB does not answer every key', () => {
  it('asks again for the keys DynamoDB left unprocessed', async () => {
    // Prepare: the first answer leaves key b unprocessed
    const a = { pk: 'CASE#a', sk: 'CASE' };
    const b = { pk: 'CASE#b', sk: 'CASE' };
    const { table, asked } = scriptedTable([
      { Responses: { table: [{ ...a, id: 'a' }] }, UnprocessedKeys: { table: { Keys: [b] } } },
      { Responses: { table: [{ ...b, id: 'b' }] } },
    ]);
    const gets = new SameTurnGets(table);

    // Act
    const found = await Promise.all([gets.get(a), gets.get(b)]);

    // Assess
    expect(found.map((item) => item?.id)).toEqual(['a', 'b']);
    expect(asked).toEqual([[a, b], [b]]);
  });

  it('fails every read of the request when the request fails', async () => {
    // Prepare
    const { table } = scriptedTable([new Error('throttled')]);
    const gets = new SameTurnGets(table);

    // Act
    const outcomes = await Promise.allSettled([
      gets.get({ pk: 'CASE#a', sk: 'CASE' }),
      gets.get({ pk: 'CASE#b', sk: 'CASE' }),
    ]);

    // Assess
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'read'))).toEqual([
      'throttled',
      'throttled',
    ]);
  });
});
