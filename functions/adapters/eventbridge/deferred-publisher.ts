/**
 * An EventBridge publisher whose client loads with the first event it publishes: for functions
 * that publish on few of their calls (the sweeper's outbox relay publishes only what a writer
 * failed to; the cases API, the console and the case actions publish only when a case changes).
 */
import { onceLoaded } from '../../commons/once.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { EventPublisher } from '../../ports.ts';

export const deferredEventBridgePublisher = (busName: string): EventPublisher => {
  const loaded = onceLoaded(async (): Promise<EventPublisher> => {
    const [{ EventBridgePublisher }, { eventBridge }] = await Promise.all([
      import('./event-publisher.ts'),
      import('./client.ts'),
    ]);
    return new EventBridgePublisher({ client: eventBridge(), busName });
  });
  return {
    publish: async (events: readonly DomainEvent[]) => {
      if (events.length === 0) return;
      await (await loaded()).publish(events);
    },
  };
};
