/**
 * A new message's ref is put before the transaction that stores the message: a writer that stops
 * in between leaves a ref without its message. Nothing may read that as stored, the event must
 * still be applied exactly once, and no other write may store the message in a second case while
 * the first could still be storing it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import { PENDING_REF_LEASE_MS } from '../../../functions/adapters/dynamodb/message-refs.ts';
import { DuplicateEventError, VersionConflictError } from '../../../functions/commons/errors.ts';
import type { Case, Message } from '../../../functions/domain/case.ts';
import type { SaveCaseInput } from '../../../functions/ports.ts';
import { freshTable, localClients, type TestTable } from '../../support/dynamo.ts';
import { aCase, aMessage, at, givenCase, nextVersion } from './fixtures.ts';

const clients: DynamoDBClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** Calls of a process that fail without an answer, as a writer's do when it stops or its connection drops. */
interface Faults {
  transactions?: boolean;
  puts?: boolean;
  /** Transactions that are applied but whose answer is lost on the way back. */
  lostTransactionAnswers?: boolean;
  /** Called before each transaction is sent, which waits for it. */
  beforeTransaction?: () => Promise<void>;
}

/** Holds a writer at a point until the test lets it go on, and says when it got there. */
const gate = () => {
  let open = () => {};
  let arrive = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  return {
    open,
    reached,
    wait: () => {
      arrive();
      return opened;
    },
  };
};

/** A store as one intake process has it, on its own client, with `faults` (changeable as the test goes). */
const processOn = (table: TestTable, options: { faults?: Faults; now?: () => Date } = {}) => {
  const { client, documentClient } = localClients(table.endpoint);
  clients.push(client);
  const sent = { transactItems: [] as number[] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        if (options.faults?.transactions) throw new Error('the writer stopped');
        await options.faults?.beforeTransaction?.();
        const input = args.input as { TransactItems?: unknown[] };
        sent.transactItems.push(input.TransactItems?.length ?? 0);
        if (options.faults?.lostTransactionAnswers) {
          await next(args);
          throw new Error('the answer was lost');
        }
      }
      if (context.commandName === 'PutItemCommand' && options.faults?.puts) throw new Error('no answer to the put');
      return next(args);
    },
    { step: 'initialize', name: 'injectedFaults' },
  );
  const store = new DynamoCaseStore({
    client: documentClient,
    tableName: table.tableName,
    ...(options.now && { clock: { now: options.now } }),
  });
  return { store, sent };
};

const followUp = (theCase: Case, message: Message, idempotencyKey: string): SaveCaseInput => ({
  case: nextVersion(theCase, { messageCount: theCase.messageCount + 1, updatedAt: at(2) }),
  expectedVersion: theCase.version,
  message: { kind: 'put', message },
  idempotencyKey,
  eventsOnMarker: [
    { id: `ev-${idempotencyKey}`, type: 'CaseResponded', version: 1, caseId: theCase.id, at: at(2), detail: {} },
  ],
});

describe("a new message's ref, put before its transaction", () => {
  it('costs a transaction of two items for a follow-up: the case and the message', async () => {
    // Prepare
    const table = await freshTable();
    const { store, sent } = processOn(table);
    const stored = await givenCase(store);
    sent.transactItems.length = 0;

    // Act
    await store.saveCase(followUp(stored, aMessage(stored.id), 'x:follow-up'));

    // Assess
    expect(sent.transactItems).toEqual([2]);
  });

  it('marks nothing while its message is not stored, and a retry in another process stores the message once', async () => {
    // Prepare: the first writer stops after putting the ref
    const table = await freshTable();
    const stoppedAt = new Date(at(2));
    const stopped = processOn(table, { faults: { transactions: true }, now: () => stoppedAt });
    const stored = await givenCase(processOn(table).store);
    const message = aMessage(stored.id);
    await expect(stopped.store.saveCase(followUp(stored, message, 'x:stopped'))).rejects.toThrow('the writer stopped');
    // The queue redelivers after its visibility timeout (180 s), past the ref's lease.
    const { store: retrying } = processOn(table, { now: () => new Date(stoppedAt.getTime() + PENDING_REF_LEASE_MS) });
    const unprocessed = await retrying.hasProcessed('x:stopped', message);
    const unfound = await retrying.findMessage(message.channel, message.platformMessageId);

    // Act: the queue's redelivery, in another process, for the same case
    await retrying.saveCase(followUp(stored, message, 'x:stopped'));

    // Assess
    expect(unprocessed).toBe(false);
    expect(unfound).toBeUndefined();
    expect(await retrying.processedEvents('x:stopped', message)).toEqual([
      expect.objectContaining({ id: 'ev-x:stopped' }),
    ]);
    const detail = await retrying.getCaseDetail(stored.id);
    expect(detail?.messages).toEqual([message]);
    expect(detail?.case.messageCount).toBe(1);
  });

  it('keeps another process from storing the message in a second case until the first writer cannot still be storing it', async () => {
    // Prepare: the first writer stops after claiming the message for case A
    const table = await freshTable();
    let now = new Date(at(2));
    const stopped = processOn(table, { faults: { transactions: true }, now: () => now });
    const { store } = processOn(table, { now: () => now });
    const caseA = await givenCase(store);
    const caseB = await givenCase(store);
    const platformMessageId = 'tweet-1871212845201735942';
    const inA = aMessage(caseA.id, { platformMessageId });
    const inB = aMessage(caseB.id, { platformMessageId });
    await expect(stopped.store.saveCase(followUp(caseA, inA, 'x:moved'))).rejects.toThrow('the writer stopped');

    // Act
    const tooSoon = store.saveCase(followUp(caseB, inB, 'x:moved'));
    await expect(tooSoon).rejects.toThrow(VersionConflictError);
    now = new Date(now.getTime() + PENDING_REF_LEASE_MS);
    await store.saveCase(followUp(caseB, inB, 'x:moved'));

    // Assess
    expect((await store.getCaseDetail(caseA.id))?.messages).toEqual([]);
    expect((await store.getCaseDetail(caseB.id))?.messages).toEqual([inB]);
    expect(await store.findMessage('x', platformMessageId)).toEqual(inB);
  });

  it("lets the writer whose transaction was refused store the message in another case at once (it lost the customer's conversation)", async () => {
    // Prepare: the customer's conversation is held by case C
    const table = await freshTable();
    const { store } = processOn(table);
    const holder = aCase({ customerId: 'customer-9' });
    await store.createCase({ case: holder, conversation: {}, audit: [] });
    const opening = aCase({ customerId: 'customer-9', messageCount: 1 });
    const platformMessageId = 'tweet-1871212845201735943';
    const refused = store.createCase({
      case: opening,
      conversation: {},
      audit: [],
      message: aMessage(opening.id, { platformMessageId }),
      idempotencyKey: 'x:joins',
    });
    await expect(refused).rejects.toThrow(/already the customer's conversation/);
    const joining = aMessage(holder.id, { platformMessageId });

    // Act: the same writer locates the event again and joins case C
    await store.saveCase(followUp(holder, joining, 'x:joins'));

    // Assess
    expect((await store.getCaseDetail(holder.id))?.messages).toEqual([joining]);
    expect(await store.getCase(opening.id)).toBeUndefined();
    expect(await store.hasProcessed('x:joins', joining)).toBe(true);
  });

  it('lets a process put its ref again in another case after attempts that got no answer, without waiting for the lease', async () => {
    // Prepare: a process's first attempt puts the ref for case A and its transaction gets no
    // answer; its second, for case B, gets no answer to the put itself
    const table = await freshTable();
    const faults: Faults = {};
    const { store } = processOn(table, { faults });
    const caseA = await givenCase(store);
    const caseB = await givenCase(store);
    const platformMessageId = 'tweet-1871212845201735944';
    faults.transactions = true;
    const first = store.saveCase(followUp(caseA, aMessage(caseA.id, { platformMessageId }), 'x:same-process'));
    await expect(first).rejects.toThrow('the writer stopped');
    faults.transactions = false;
    faults.puts = true;
    const second = store.saveCase(followUp(caseB, aMessage(caseB.id, { platformMessageId }), 'x:same-process'));
    await expect(second).rejects.toThrow('no answer to the put');
    faults.puts = false;
    const inB = aMessage(caseB.id, { platformMessageId });

    // Act
    await store.saveCase(followUp(caseB, inB, 'x:same-process'));

    // Assess
    expect(await store.findMessage('x', platformMessageId)).toEqual(inB);
    expect((await store.getCaseDetail(caseA.id))?.messages).toEqual([]);
  });

  it('answers a second event carrying a message stored meanwhile as a duplicate, whoever put the ref', async () => {
    // Prepare: two processes race the same message into the same case
    const table = await freshTable();
    const first = processOn(table);
    const second = processOn(table);
    const stored = await givenCase(first.store);
    const message = aMessage(stored.id);

    // Act
    const results = await Promise.allSettled([
      first.store.saveCase(followUp(stored, message, 'x:first')),
      second.store.saveCase(followUp(stored, message, 'x:second')),
    ]);

    // Assess
    const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(refusals).toHaveLength(1);
    const refusedAs = [DuplicateEventError, VersionConflictError].filter((kind) => refusals[0] instanceof kind);
    expect(refusedAs).toHaveLength(1);
    const detail = await first.store.getCaseDetail(stored.id);
    expect(detail?.messages).toEqual([message]);
    expect(detail?.case.messageCount).toBe(1);
    const again = first.store.saveCase(followUp(detail?.case as Case, message, 'x:third'));
    await expect(again).rejects.toThrow(DuplicateEventError);
  });

  it('keeps each event its own marker when a status and its message race for one ref in one case', async () => {
    // Prepare: the message's writer has put the ref and is about to send its transaction
    const table = await freshTable();
    const messageGate = gate();
    const statusGate = gate();
    const messageWriter = processOn(table, { faults: { beforeTransaction: messageGate.wait } });
    const statusWriter = processOn(table, { faults: { beforeTransaction: statusGate.wait } });
    const stored = await givenCase(processOn(table).store);
    const message = aMessage(stored.id);
    const storing = messageWriter.store.saveCase(followUp(stored, message, 'wa:message'));
    await messageGate.reached;

    // Act: the status, located before the message was stored, writes it too; the message's transaction goes first
    const statusWrite = statusWriter.store.saveCase(followUp(stored, message, 'wa:status'));
    await Promise.race([statusGate.reached, statusWrite.catch(() => undefined)]);
    messageGate.open();
    await storing;
    statusGate.open();
    await Promise.allSettled([statusWrite]);

    // Assess
    const { store } = processOn(table);
    expect(await store.processedEvents('wa:message', message)).toEqual([
      expect.objectContaining({ id: 'ev-wa:message' }),
    ]);
    expect(await store.hasProcessed('wa:status', message)).toBe(false);
    expect((await store.getCaseDetail(stored.id))?.messages).toEqual([message]);
  });

  it('refuses to store a message in a second case after its transaction in the first lost its answer', async () => {
    // Prepare: the message is stored in case A, but its writer got no answer
    const table = await freshTable();
    const faults: Faults = {};
    const { store } = processOn(table, { faults });
    const caseA = await givenCase(store);
    const caseB = await givenCase(store);
    const platformMessageId = 'tweet-1871212845201735947';
    const inA = aMessage(caseA.id, { platformMessageId });
    faults.lostTransactionAnswers = true;
    await expect(store.saveCase(followUp(caseA, inA, 'x:lost-answer'))).rejects.toThrow('the answer was lost');
    faults.lostTransactionAnswers = false;

    // Act: another event about the message, located in the same process before it was stored, names case B
    const elsewhere = store.saveCase(followUp(caseB, aMessage(caseB.id, { platformMessageId }), 'x:other-event'));

    // Assess
    await expect(elsewhere).rejects.toThrow(DuplicateEventError);
    expect((await store.getCaseDetail(caseB.id))?.messages).toEqual([]);
    expect(await store.findMessage('x', platformMessageId)).toEqual(inA);
    expect(await store.hasProcessed('x:lost-answer', inA)).toBe(true);
  });
});
