/**
 * Sliding-window counters in memory, bucketed as the DynamoDB adapter buckets them (the domain's
 * bucket sizes), so a count at the edge of a window is the same here and there.
 */
import { bucketMs, bucketStart, windowFirstBucket } from '../../../functions/domain/triage/surge.ts';
import type { WindowCounters } from '../../../functions/ports.ts';

export class MemoryWindowCounters implements WindowCounters {
  readonly #buckets = new Map<string, Map<number, number>>();
  readonly #alarms = new Map<string, { openedAt: string; openUntil: string }>();

  async add(key: string, at: Date, windowMs: number): Promise<number> {
    const atMs = at.getTime();
    const current = bucketStart(atMs, bucketMs(windowMs));
    const buckets = this.#buckets.get(key) ?? new Map<number, number>();
    this.#buckets.set(key, buckets);
    buckets.set(current, (buckets.get(current) ?? 0) + 1);
    const first = windowFirstBucket(atMs, windowMs);
    let total = 0;
    for (const [start, count] of buckets) if (start >= first && start <= current) total += count;
    return total;
  }

  async openAlarm(key: string, now: Date, until: Date): Promise<boolean> {
    const alarm = this.#alarms.get(key);
    if (!alarm || alarm.openUntil < now.toISOString()) {
      this.#alarms.set(key, { openedAt: now.toISOString(), openUntil: until.toISOString() });
      return true;
    }
    if (alarm.openUntil < until.toISOString()) alarm.openUntil = until.toISOString();
    return false;
  }

  async releaseAlarm(key: string, openedAt: Date): Promise<void> {
    if (this.#alarms.get(key)?.openedAt === openedAt.toISOString()) this.#alarms.delete(key);
  }
}
