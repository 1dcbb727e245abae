/** A clock the test holds still and moves by hand. */
import type { Clock } from '../../../functions/ports.ts';

export class FixedClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}
