/** The due-time index in memory: timers by due minute in one shard, its sweep checkpoints, and the sweeper's cursor. */
import type { Timer } from '../../../functions/domain/sla/types.ts';
import type { DueShard, TimerIndex } from '../../../functions/ports.ts';

const keyOf = (timer: Timer) => `${timer.dueAt}#${timer.caseId}#${timer.key}`;

export class MemoryTimerIndex implements TimerIndex {
  readonly #timers = new Map<string, { timer: Timer; dispatchedAt?: string }>();
  readonly #sweptAt = new Map<string, string>();
  #cursor: string | undefined;
  readonly shards = 1;

  /** Writing a timer again (same key) makes it undispatched again, as the adapter's unconditional put does. */
  put(timers: readonly Timer[]): void {
    for (const timer of timers) this.#timers.set(keyOf(timer), { timer: structuredClone(timer) });
  }

  async readShard(minute: string, _shard = 0): Promise<DueShard> {
    const timers = [...this.#timers.values()]
      .filter((entry) => !entry.dispatchedAt && entry.timer.dueAt.slice(0, 16) === minute)
      .map((entry) => structuredClone(entry.timer));
    const sweptAt = this.#sweptAt.get(minute);
    return { timers, ...(sweptAt && { sweptAt }) };
  }

  async markSwept(minute: string, _shard: number, at: string): Promise<void> {
    this.#sweptAt.set(minute, at);
  }

  async cancel(timers: readonly Timer[]): Promise<void> {
    for (const timer of timers) this.#timers.delete(keyOf(timer));
  }

  async markDispatched(timers: readonly Timer[], at: string): Promise<void> {
    for (const timer of timers) {
      const entry = this.#timers.get(keyOf(timer));
      if (entry) entry.dispatchedAt = at;
    }
  }

  async readCursor(): Promise<string | undefined> {
    return this.#cursor;
  }

  async writeCursor(minute: string, expected: string | undefined): Promise<boolean> {
    if (this.#cursor !== expected) return false;
    this.#cursor = minute;
    return true;
  }
}
