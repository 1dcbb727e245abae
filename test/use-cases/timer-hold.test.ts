import { describe, expect, it } from 'vitest';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { EARLY_BY_AT_MOST_MS, holdUntilDue } from '../../functions/handlers/timers.sqs.ts';

const dueAt = '2026-12-06T04:00:00.000Z';
const timer: Timer = {
  caseId: 'case-1',
  key: `firstResponse:1:breach:${dueAt}`,
  kind: 'breach',
  clock: 'firstResponse',
  generation: 1,
  dueAt,
};
const at = (offsetMs: number) => new Date(Date.parse(dueAt) + offsetMs);

describe('the timer worker holding an early timer', () => {
  it('holds a timer that arrives up to a second before its deadline until the deadline', () => {
    expect([-999, -400, -1].map((offset) => holdUntilDue(timer, at(offset)))).toEqual([999, 400, 1]);
    expect(holdUntilDue(timer, at(-EARLY_BY_AT_MOST_MS))).toBe(EARLY_BY_AT_MOST_MS);
  });

  it('fires at once a timer that is due or late, and one far earlier than whole-second rounding explains', () => {
    expect(
      [0, 250, 60_000, -EARLY_BY_AT_MOST_MS - 1, -600_000].map((offset) => holdUntilDue(timer, at(offset))),
    ).toEqual([0, 0, 0, 0, 0]);
  });
});
