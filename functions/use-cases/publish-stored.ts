/**
 * Publishing a case write's domain events, in one of two ways:
 * - `publishStored`: the write put them in the outbox in its transaction; publish them now and
 *   forget them. Best effort: a bus that fails must not fail the caller (a retry would only be
 *   recognised as a duplicate); the sweeper's relay publishes what is left a minute later.
 * - `publishOrKeep` (intake): the write kept them on its event's marker, not in the outbox;
 *   publish them now, and only if that fails add them to the outbox for the relay. If that fails
 *   too, the caller fails, so the queue redelivers the event, which is found processed and
 *   publishes the marker's events again. A crash between the write and the publish ends the same
 *   way. Either way consumers may see an event twice (same id), never lose it.
 */
import { logger } from '../commons/logger.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { EventPublisher, Outbox } from '../ports.ts';

export interface PublishDeps {
  readonly publisher: EventPublisher;
  readonly outbox: Outbox;
}

const ids = (events: readonly DomainEvent[]) => events.map((event) => event.id);

export const publishStored = async (events: readonly DomainEvent[], deps: PublishDeps): Promise<void> => {
  if (events.length === 0) return;
  try {
    await deps.publisher.publish(events);
    await deps.outbox.done(events);
  } catch (error) {
    logger.warn('domain events stay in the outbox for the relay', { events: ids(events), error: error as Error });
  }
};

export const publishOrKeep = async (events: readonly DomainEvent[], deps: PublishDeps): Promise<void> => {
  if (events.length === 0) return;
  try {
    await deps.publisher.publish(events);
  } catch (error) {
    logger.warn('domain events go to the outbox for the relay', { events: ids(events), error: error as Error });
    await deps.outbox.add(events);
  }
};
