/**
 * The outbox relay, run with the sweeper every minute: publishes the domain events that a
 * writer stored but did not get to publish (it crashed, the bus failed, the write's answer was
 * lost) and forgets them. Events younger than RELAY_AFTER_MS are left to their writer, which is
 * normally publishing them right now. Consumers dedupe on the event id: a writer that publishes
 * while the relay does too yields the same event twice, never a lost one.
 */
import type { Clock, EventPublisher, Outbox } from '../ports.ts';

export interface RelayDeps {
  readonly outbox: Outbox;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
}

export interface RelayResult {
  readonly relayed: number;
}

export const RELAY_AFTER_MS = 60_000;
/** A run relays this many at most per round and stops after MAX_ROUNDS, so a backlog drains over several runs. */
const BATCH = 100;
const MAX_ROUNDS = 20;

export const relayOutbox = async (deps: RelayDeps): Promise<RelayResult> => {
  const before = new Date(deps.clock.now().getTime() - RELAY_AFTER_MS);
  let relayed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const events = await deps.outbox.pending(before, BATCH);
    if (events.length === 0) break;
    await deps.publisher.publish(events);
    await deps.outbox.done(events);
    relayed += events.length;
    if (events.length < BATCH) break;
  }
  return { relayed };
};
