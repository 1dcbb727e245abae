/**
 * The local stand-in for EventBridge: there is no emulator, so the local stack records
 * what would have been put on the bus, keeps the latest in memory and reports each one.
 */
import type { DomainEvent } from '../functions/domain/events.ts';
import type { EventPublisher } from '../functions/ports.ts';

export class RecordingEventBus implements EventPublisher {
  readonly #events: DomainEvent[] = [];

  constructor(
    private readonly options: { readonly limit?: number; readonly report?: (event: DomainEvent) => void } = {},
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      this.#events.push(event);
      this.options.report?.(event);
    }
    const overflow = this.#events.length - (this.options.limit ?? 10_000);
    if (overflow > 0) this.#events.splice(0, overflow);
  }

  /** What was published, oldest first. */
  get events(): readonly DomainEvent[] {
    return this.#events;
  }
}
