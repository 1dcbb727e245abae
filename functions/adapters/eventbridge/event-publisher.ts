import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type DomainEvent, EVENT_SOURCE } from '../../domain/events.ts';
import type { EventPublisher } from '../../ports.ts';

const MAX_ENTRIES_PER_CALL = 10;

/** Publishes domain events to an EventBridge bus; `detail-type` is the event type. */
export class EventBridgePublisher implements EventPublisher {
  constructor(private readonly deps: { readonly client: EventBridgeClient; readonly busName: string }) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_CALL) {
      const chunk = events.slice(start, start + MAX_ENTRIES_PER_CALL);
      const result = await this.deps.client.send(
        new PutEventsCommand({
          Entries: chunk.map((event) => ({
            EventBusName: this.deps.busName,
            Source: EVENT_SOURCE,
            DetailType: event.type,
            Time: new Date(event.at),
            Resources: [],
            Detail: JSON.stringify(event),
          })),
        }),
      );
      if (result.FailedEntryCount) {
        const reasons = (result.Entries ?? []).flatMap((e) =>
          e.ErrorCode ? [`${e.ErrorCode}: ${e.ErrorMessage}`] : [],
        );
        throw new Error(
          `EventBridge rejected ${result.FailedEntryCount} of ${chunk.length} events: ${reasons.join('; ')}`,
        );
      }
    }
  }
}
