/**
 * A new message's ref (channel and platform id to its item, and its event's marker) is put on its
 * own just before the transaction that stores the message with its case: one write unit where a
 * place in the transaction cost two. The transaction stays the commit point: a ref whose message
 * item is missing is a write in flight, or one that stopped before its transaction, and reads as
 * nothing (no message found, the event not processed).
 *
 * Two writes could then claim one message: another copy of the event, or another event carrying
 * the same message. The ref decides which case stores it, and as the event's marker it must hold
 * the event of the write that stores it, so one write at a time holds it. It is taken over only:
 * - by the process that put it, once that attempt has ended (its transaction answered or failed);
 * - by anyone, once it is older than an intake invocation can last (PENDING_REF_LEASE_MS), so
 *   the write that put it can no longer be storing it. Even in the same case, a live writer's ref
 *   taken over would mark the taker's event where the first one's stored the message.
 * Each takes over only after reading that the message is not stored: a transaction whose answer was
 * lost may have stored it, and another event about the message, located before, would store it twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DuplicateEventError, VersionConflictError } from '../../commons/errors.ts';
import { idRandom } from '../../commons/pooled-random.ts';
import type { Message } from '../../domain/case.ts';
import { ITEM_IS_NEW } from './case-writes.ts';
import type { Table } from './customers.ts';
import { type Applied, type Item, messageKeyFromRef, messageRefItem } from './items.ts';
import { keys } from './table.ts';

/**
 * Longer than any intake invocation holds a ref before its transaction: its Lambda times out
 * after 30 s (lib/stacks/service-stack.ts; test/lib checks the two agree).
 */
export const PENDING_REF_LEASE_MS = 120_000;

/** Refs this process put whose attempts ended: once it reads that the message is not stored, it may put them again. */
const RELEASED_LIMIT = 1_000;
/** An attempt whose put had no answer may or may not hold the ref: each such attempt is kept, the latest few. */
const ATTEMPTS_KEPT = 8;

export class MessageRefs {
  readonly #released = new Map<string, readonly string[]>();

  constructor(
    private readonly table: Table,
    private readonly now: () => Date,
  ) {}

  /**
   * Puts the message's ref before its transaction; returns the claim to settle once the
   * transaction is answered. DuplicateEventError if the message is stored already;
   * VersionConflictError if another write may be storing it right now (locate it again).
   */
  async claim(message: Message, applied: Applied | undefined): Promise<RefClaim> {
    const key = keys.messageRef(message.channel, message.platformMessageId);
    const attempt = ulid(undefined, idRandom);
    const item = messageRefItem(message, applied, { attempt, claimedAt: this.now().toISOString() });
    const claim: RefClaim = {
      stored: () => this.#released.delete(key.pk),
      ended: () => {
        if (this.#released.size >= RELEASED_LIMIT) this.#released.clear();
        this.#released.set(key.pk, [...(this.#released.get(key.pk) ?? []), attempt].slice(-ATTEMPTS_KEPT));
      },
    };
    // Whether this attempt's put may have been applied: only then is the ref ours to put again.
    const put = { mayHold: false };
    try {
      if (!(await this.#put(item, undefined, put))) {
        const held = await this.#read(key);
        // Ours, its answer lost on the way back: the SDK's retry of the put found it.
        if (held?.attempt === attempt) put.mayHold = true;
        else await this.#takeOver(item, held, message, put);
      }
    } catch (error) {
      if (error instanceof DuplicateEventError) claim.stored();
      else if (put.mayHold) claim.ended();
      throw error;
    }
    return claim;
  }

  /** True if the ref's message is stored (a ref written inside the transaction, before this design, always is). */
  async stored(ref: Item): Promise<boolean> {
    if (ref.attempt === undefined) return true;
    return (await this.#read(messageKeyFromRef(ref).key)) !== undefined;
  }

  async #takeOver(item: Item, held: Item | undefined, message: Message, put: PutProgress): Promise<void> {
    if (!held) {
      // Gone between the put and the read (a refused writer's ref is never deleted; TTL, erasure): try once more.
      if (await this.#put(item, undefined, put)) return;
      throw new VersionConflictError(`the ${message.channel} message ${message.platformMessageId} is being stored`);
    }
    if (await this.stored(held)) {
      throw new DuplicateEventError(`${message.channel} message ${message.platformMessageId} is stored already`);
    }
    const ours = this.#released.get(String(held.pk))?.includes(String(held.attempt)) === true;
    const age = this.now().getTime() - Date.parse(String(held.claimedAt));
    // Written as a negation so that a ref without a readable date (NaN age) counts as fresh.
    if (!ours && !(age >= PENDING_REF_LEASE_MS)) {
      throw new VersionConflictError(
        `the ${message.channel} message ${message.platformMessageId} is being stored in case ${String(held.caseId)}`,
      );
    }
    if (!(await this.#put(item, String(held.attempt), put))) {
      throw new VersionConflictError(
        `another write took the ref of ${message.channel} message ${message.platformMessageId}`,
      );
    }
  }

  /** False if the condition failed: the ref exists and is not `replacing`'s. Thrown: it may have been put. */
  async #put(item: Item, replacing: string | undefined, progress: PutProgress): Promise<boolean> {
    progress.mayHold = true;
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: item,
          ...(replacing === undefined
            ? { ConditionExpression: ITEM_IS_NEW }
            : {
                ConditionExpression: `${ITEM_IS_NEW} OR attempt = :replacing`,
                ExpressionAttributeValues: { ':replacing': replacing },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      progress.mayHold = false;
      return false;
    }
  }

  async #read(key: Item): Promise<Item | undefined> {
    const { Item: item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: key, ConsistentRead: true }),
    );
    return item;
  }
}

interface PutProgress {
  mayHold: boolean;
}

/** What the transaction's answer means for the ref put before it. */
export interface RefClaim {
  /** The message is stored, by this write or another. */
  stored(): void;
  /**
   * The attempt ended without a sign the message is stored (refused, or no answer): this process
   * may put the ref again anywhere, once it has read that the message is not stored.
   */
  ended(): void;
}
