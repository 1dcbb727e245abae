import { describe, expect, it } from 'vitest';
import { alertIdentity, clockStatus, formatWaiting, parseDedupKey, truncate } from '../../functions/alerts/alert.ts';
import { anAlert, CASE_ID } from './fixtures.ts';

const MIN = 60_000;

describe('formatWaiting', () => {
  it.each([
    [0, '0 min'],
    [59_999, '0 min'],
    [45 * MIN, '45 min'],
    [65 * MIN, '1 h 05 min'],
    [65 * MIN + 59_000, '1 h 05 min'],
    [10 * 60 * MIN, '10 h 00 min'],
    [(2 * 24 * 60 + 3 * 60 + 5) * MIN, '2 d 03 h 05 min'],
    [-5 * MIN, '0 min'],
    [Number.NaN, '0 min'],
  ])('formats %d ms as "%s"', (ms, expected) => {
    expect(formatWaiting(ms)).toBe(expected);
  });
});

describe('alertIdentity', () => {
  it('gives every alert of one breach the same dedup key and escalation id, and each alert its own id', () => {
    const breach = alertIdentity({
      caseId: CASE_ID,
      clock: 'firstResponse',
      generation: 3,
      kind: 'breach',
      level: 1,
      round: 0,
    });
    const level2 = alertIdentity({
      caseId: CASE_ID,
      clock: 'firstResponse',
      generation: 3,
      kind: 'escalation',
      level: 2,
      round: 0,
    });

    expect(breach.dedupKey).toBe(`sundown:${CASE_ID}:firstResponse:3`);
    expect(level2.dedupKey).toBe(breach.dedupKey);
    expect(breach.escalationId).toBe('firstResponse:3');
    expect(level2.alertId).not.toBe(breach.alertId);
    expect(breach.alertId).not.toContain('.');
  });

  it('is deterministic, so a retried alert keeps its id', () => {
    const input = {
      caseId: CASE_ID,
      clock: 'resolution',
      generation: 1,
      kind: 'escalation',
      level: 2,
      round: 1,
    } as const;

    expect(alertIdentity(input)).toEqual(alertIdentity(input));
  });

  it('refuses a case id that would make the dedup key ambiguous', () => {
    expect(() =>
      alertIdentity({ caseId: 'a:b', clock: 'firstResponse', generation: 1, kind: 'breach', level: 1, round: 0 }),
    ).toThrow(RangeError);
  });
});

describe('parseDedupKey', () => {
  it('reads back the case and breach of a dedup key', () => {
    expect(parseDedupKey(`sundown:${CASE_ID}:nextResponse:12`)).toEqual({
      caseId: CASE_ID,
      clock: 'nextResponse',
      generation: 12,
      escalationId: 'nextResponse:12',
    });
  });

  it.each(['d3640fbd41094207a1c11e58e46b1662', `sundown:${CASE_ID}:lunch:1`, `sundown:${CASE_ID}:firstResponse`])(
    'does not recognise %s',
    (key) => {
      expect(parseDedupKey(key)).toBeUndefined();
    },
  );
});

describe('clockStatus', () => {
  it('says how late a breached clock is, and how long a warned one has left', () => {
    expect(clockStatus(anAlert())).toBe('first response overdue by 35 min');
    expect(clockStatus(anAlert({ kind: 'warning', raisedAt: '2025-03-01T08:20:00.000Z' }))).toBe(
      'first response due in 10 min',
    );
  });
});

describe('truncate', () => {
  it('keeps text within the limit, ends with an ellipsis and never splits an emoji', () => {
    const cut = truncate('ab😀cd', 4);

    expect(cut).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('x'.repeat(2000), 1024)).toHaveLength(1024);
  });
});
