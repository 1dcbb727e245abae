/** Signed links: one case, one action, until they expire, whatever the ids look like. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINK_ACTIONS, signLink, verifyLink } from '../../functions/alerts/links.ts';

const SECRET = 'security-test-link-secret';
const NOW = new Date('2026-05-01T12:00:00Z');
const IN_A_DAY = new Date('2026-05-02T12:00:00Z');

const tokenOf = (url: string): string => new URL(url).searchParams.get('token') ?? '';
const caseIds = fc.string({ minLength: 1, maxLength: 40 });
const actions = fc.constantFrom(...LINK_ACTIONS);

describe('signed links are bound to one case and one action', () => {
  it('never verify for any other case or action, even ids that contain the separator', () => {
    fc.assert(
      fc.property(caseIds, actions, caseIds, actions, (caseId, action, otherCase, otherAction) => {
        fc.pre(caseId !== otherCase || action !== otherAction);
        const token = tokenOf(
          signLink({ baseUrl: 'https://x.example', caseId, action, expiresAt: IN_A_DAY, secret: SECRET }),
        );

        const own = verifyLink({ caseId, action, token, secret: SECRET, now: NOW });
        const other = verifyLink({ caseId: otherCase, action: otherAction, token, secret: SECRET, now: NOW });

        expect(own.ok).toBe(true);
        expect(other).toEqual({ ok: false, reason: 'mismatch' });
      }),
      { numRuns: 300 },
    );
  });

  it('lets a view link neither acknowledge nor resolve the case it shows', () => {
    const token = tokenOf(
      signLink({ baseUrl: 'https://x.example', caseId: 'c1', action: 'view', expiresAt: IN_A_DAY, secret: SECRET }),
    );

    for (const action of ['ack', 'resolve'] as const) {
      expect(verifyLink({ caseId: 'c1', action, token, secret: SECRET, now: NOW })).toEqual({
        ok: false,
        reason: 'mismatch',
      });
    }
  });

  it('refuses every link from the second it expires on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400 }), (secondsLate) => {
        const token = tokenOf(
          signLink({ baseUrl: 'https://x.example', caseId: 'c1', action: 'ack', expiresAt: NOW, secret: SECRET }),
        );
        const later = new Date(NOW.getTime() + secondsLate * 1000);

        expect(verifyLink({ caseId: 'c1', action: 'ack', token, secret: SECRET, now: later })).toEqual({
          ok: false,
          reason: 'expired',
        });
      }),
      { numRuns: 100 },
    );
  });
});
