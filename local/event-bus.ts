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
    // Trimmed once it holds twice the limit: trimming to the limit on every publish moved the
    // whole record each time, a second of CPU per 10,000 events in a busy benchmark.
    if (this.#events.length >= 2 * this.#limit) this.#events.splice(0, this.#events.length - this.#limit);
  }

  /** What was published, oldest first: the latest `limit`. */
  get events(): readonly DomainEvent[] {
    return this.#events.length > this.#limit ? this.#events.slice(-this.#limit) : this.#events;
  }

  get #limit(): number {
    return this.options.limit ?? 10_000;
  }
}
