/** Where a queue consumer parks a message no retry can fix, with the reason, instead of retrying it. */
export interface DeadLetterQueue {
  park(body: string, reason: string, origin: Readonly<Record<string, string>>): Promise<void>;
}
