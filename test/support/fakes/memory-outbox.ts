/** The outbox in memory: events written with a case change, until the relay says they were published. */
import type { DomainEvent } from '../../../functions/domain/events.ts';
import type { Outbox } from '../../../functions/ports.ts';

export class MemoryOutbox implements Outbox {
  readonly #events = new Map<string, DomainEvent>();

  /** Called by MemoryCaseStore inside a write, as the DynamoDB adapter does in its transaction. */
  put(events: readonly DomainEvent[]): void {
    for (const event of events) this.#events.set(event.id, structuredClone(event));
  }

  async add(events: readonly DomainEvent[]): Promise<void> {
    this.put(events);
  }

  async pending(olderThan: Date, limit: number): Promise<readonly DomainEvent[]> {
    return [...this.#events.values()]
      .filter((event) => event.at < olderThan.toISOString())
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, limit);
  }

  async done(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) this.#events.delete(event.id);
  }
}
