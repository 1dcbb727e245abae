/**
 * After a case write that put its events in the outbox: publish them now and forget them.
 * Best effort by design: the write already happened, so a bus that fails must not fail the
 * caller (a retry would only be recognised as a duplicate); the sweeper's relay publishes
 * whatever is left in the outbox a minute later.
 */
import { logger } from '../commons/logger.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { EventPublisher, Outbox } from '../ports.ts';

export interface PublishDeps {
  readonly publisher: EventPublisher;
  readonly outbox: Outbox;
}

export const publishStored = async (events: readonly DomainEvent[], deps: PublishDeps): Promise<void> => {
  if (events.length === 0) return;
  try {
    await deps.publisher.publish(events);
    await deps.outbox.done(events);
  } catch (error) {
    logger.warn('domain events stay in the outbox for the relay', {
      events: events.map((event) => event.id),
      error: error as Error,
    });
  }
};
