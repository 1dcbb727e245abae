/** Feedback items and digest cursors in memory; a cursor moves only from the value the caller last read. */
import type { FeedbackItem, FeedbackStore } from '../../../functions/ports.ts';

const keyOf = (item: FeedbackItem) => `${item.department}#${item.at}#${item.caseId}#${item.topic}`;

export class MemoryFeedbackStore implements FeedbackStore {
  readonly #items = new Map<string, FeedbackItem>();
  readonly #cursors = new Map<string, string>();

  async add(items: readonly FeedbackItem[]): Promise<void> {
    for (const item of items) this.#items.set(keyOf(item), { ...item });
  }

  async list(department: string, from: string, to: string): Promise<readonly FeedbackItem[]> {
    return [...this.#items.entries()]
      .filter(([, item]) => item.department === department && item.at >= from && item.at < to)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, item]) => ({ ...item }));
  }

  async readCursor(department: string): Promise<string | undefined> {
    return this.#cursors.get(department);
  }

  async writeCursor(department: string, to: string, expected: string | undefined): Promise<boolean> {
    if (this.#cursors.get(department) !== expected) return false;
    this.#cursors.set(department, to);
    return true;
  }
}
