/** Suppression defers, never drops: when alerts are held back, and when suppression lifts. */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../functions/domain/case.ts';
import { deferredNotices, suppressedAlertDeferral } from '../../../functions/domain/triage/deferral.ts';
import { liftsSuppression, suppressionReason } from '../../../functions/domain/triage/suppression.ts';
import { openCase } from '../sla/fixtures.ts';
import { triageConfig } from './fixtures.ts';

const config = triageConfig();
const author = { id: 'u1', handle: 'alice' };
const suppressed = { reason: 'abuse: 3 abusive messages from one author within PT1H', at: '2026-03-02T22:00:00.000Z' };

describe('suppression that defers', () => {
  it('holds a suppressed case’s alerts at night until the calendar opens, and not by day', () => {
    const theCase = { suppressed, sla: { policy: 'standard', clocks: {} } } as Pick<Case, 'suppressed' | 'sla'>;

    const night = suppressedAlertDeferral(theCase, new Date('2026-03-02T23:00:00.000Z'), config);
    const day = suppressedAlertDeferral(theCase, new Date('2026-03-03T10:00:00.000Z'), config);

    expect(night).toEqual({ until: '2026-03-03T09:00:00.000Z', reason: expect.stringContaining('outside') });
    expect(day).toBeUndefined();
  });

  it('never suppresses abuse that carries a complaint, and still suppresses abuse alone', () => {
    const furious = suppressionReason({ text: 'my bag is lost you fucking idiots', author }, 3, config.suppression);
    const troll = suppressionReason({ text: 'you fucking idiots', author }, 3, config.suppression);

    expect(furious).toBeUndefined();
    expect(troll).toMatch(/^abuse:/);
  });

  it('lifts an abuse suppression on a message without abuse, but never a spam one', () => {
    expect(liftsSuppression({ suppressed }, 0)).toBe(true);
    expect(liftsSuppression({ suppressed }, 1)).toBe(false);
    expect(liftsSuppression({ suppressed: { reason: 'spam pattern: /x/', at: suppressed.at } }, 0)).toBe(false);
  });

  it('groups held-back alerts into one notice per target listing every case', () => {
    const held = (id: string): Case => ({
      ...openCase({ id }),
      suppressed,
      escalations: [
        {
          id: 'firstResponse:1',
          clock: 'firstResponse',
          chain: 'social',
          breachedAt: '2026-03-02T23:00:00.000Z',
          level: 1,
          round: 0,
          lastAlertAt: '2026-03-02T23:00:00.000Z',
        },
      ],
      deferredAlerts: [
        {
          alertId: `${id}:a`,
          target: 'social-team',
          escalationId: 'firstResponse:1',
          clock: 'firstResponse',
          kind: 'breach',
          level: 1,
          round: 0,
          deferredAt: '2026-03-02T23:00:00.000Z',
          until: '2026-03-03T09:00:00.000Z',
        },
      ],
    });

    const notices = deferredNotices([held('CASEA'), held('CASEB')], '2026-03-03T09:00:30.000Z');

    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      target: 'social-team',
      kind: 'deferred_alerts',
      payload: { caseIds: ['CASEA', 'CASEB'] },
    });
    expect(deferredNotices([held('CASEA')], '2026-03-03T08:59:00.000Z')).toEqual([]);
  });
});
