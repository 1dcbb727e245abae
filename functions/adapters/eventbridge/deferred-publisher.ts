/**
 * An EventBridge publisher whose client loads with the first event it publishes: for the sweeper,
 * whose outbox relay publishes only what a writer failed to, so most runs publish nothing.
 */
import type { DomainEvent } from '../../domain/events.ts';
import type { EventPublisher } from '../../ports.ts';

export const deferredEventBridgePublisher = (busName: string): EventPublisher => {
  let loaded: Promise<EventPublisher> | undefined;
  const load = async (): Promise<EventPublisher> => {
    const [{ EventBridgePublisher }, { eventBridge }] = await Promise.all([
      import('./event-publisher.ts'),
      import('./client.ts'),
    ]);
    return new EventBridgePublisher({ client: eventBridge(), busName });
  };
  return {
    publish: async (events: readonly DomainEvent[]) => {
      if (events.length === 0) return;
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      await (await loaded).publish(events);
    },
  };
};
