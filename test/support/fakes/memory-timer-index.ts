/** The due-time index in memory: timers by due minute, each handed over once, and the sweeper's cursor. */
import type { Timer } from '../../../functions/domain/sla/types.ts';
import type { TimerIndex } from '../../../functions/ports.ts';

const keyOf = (timer: Timer) => `${timer.dueAt}#${timer.caseId}#${timer.key}`;

export class MemoryTimerIndex implements TimerIndex {
  readonly #timers = new Map<string, { timer: Timer; dispatchedAt?: string }>();
  #cursor: string | undefined;

  /** Writing a timer again (same key) makes it undispatched again, as the adapter's unconditional put does. */
  put(timers: readonly Timer[]): void {
    for (const timer of timers) this.#timers.set(keyOf(timer), { timer: structuredClone(timer) });
  }

  async listUndispatched(minute: string): Promise<readonly Timer[]> {
    return [...this.#timers.values()]
      .filter((entry) => !entry.dispatchedAt && entry.timer.dueAt.slice(0, 16) === minute)
      .map((entry) => structuredClone(entry.timer));
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
