import { describe, expect, it } from 'vitest';
import { signLink, verifyLink } from '../../functions/alerts/links.ts';

const SECRET = 'link-secret';
const CASE_ID = '01JD3K6N4ZQ8W5T2X7V9B1C0FE';
const EXPIRES_AT = new Date('2025-03-03T10:00:00Z');
const BEFORE = new Date('2025-03-02T10:00:00Z');

const tokenOf = (url: string): string => new URL(url).searchParams.get('token') ?? '';

const ackLink = () =>
  signLink({
    baseUrl: 'https://api.example.com/',
    caseId: CASE_ID,
    action: 'ack',
    expiresAt: EXPIRES_AT,
    secret: SECRET,
  });

describe('signLink', () => {
  it('builds <baseUrl>/cases/<caseId>/<action>?token=2.<expiry>.<epoch>.<grants>.<audience>.<nonce>.<mac>', () => {
    const url = ackLink();

    expect(url).toMatch(new RegExp(`^https://api\\.example\\.com/cases/${CASE_ID}/ack\\?token=[A-Za-z0-9_.-]+$`));
    expect(tokenOf(url)).toMatch(/^2\.1740996000\.0\.va\.alert\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
  });

  it("records a target's type as the audience of the links its callback replies carry, and refuses one that is not a word", () => {
    const issue = (audience: string) =>
      signLink({
        baseUrl: 'https://api.example.com',
        caseId: CASE_ID,
        action: 'view',
        expiresAt: EXPIRES_AT,
        secret: SECRET,
        audience,
      });

    const token = tokenOf(issue('beacon'));

    expect(verifyLink({ caseId: CASE_ID, action: 'view', token, secret: SECRET, now: BEFORE })).toMatchObject({
      ok: true,
      audience: 'beacon',
    });
    expect(() => issue('signal.lamp')).toThrow(/audience: "signal.lamp" is not one lower-case word/);
    expect(() => issue('')).toThrow(/audience/);
  });

  it('signs every token with its own nonce, so each can be spent once', () => {
    expect(tokenOf(ackLink())).not.toBe(tokenOf(ackLink()));
  });
});

describe('verifyLink', () => {
  it('accepts a link for its own case and action before it expires', () => {
    const result = verifyLink({
      caseId: CASE_ID,
      action: 'ack',
      token: tokenOf(ackLink()),
      secret: SECRET,
      now: BEFORE,
    });

    expect(result).toMatchObject({
      ok: true,
      expiresAt: EXPIRES_AT,
      grants: ['view', 'ack'],
      audience: 'alert',
      epoch: 0,
    });
  });

  it('rejects a link once it has expired, and at the very second it expires', () => {
    const token = tokenOf(ackLink());

    expect(verifyLink({ caseId: CASE_ID, action: 'ack', token, secret: SECRET, now: EXPIRES_AT })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(
      verifyLink({ caseId: CASE_ID, action: 'ack', token, secret: SECRET, now: new Date('2025-04-01T00:00:00Z') }),
    ).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects the token of one case used on another case', () => {
    const result = verifyLink({
      caseId: '01JD3K6N4ZQ8W5T2X7V9B1C0FF',
      action: 'ack',
      token: tokenOf(ackLink()),
      secret: SECRET,
      now: BEFORE,
    });

    expect(result).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects an acknowledge token used to resolve', () => {
    const result = verifyLink({
      caseId: CASE_ID,
      action: 'resolve',
      token: tokenOf(ackLink()),
      secret: SECRET,
      now: BEFORE,
    });

    expect(result).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a token whose expiry was pushed back', () => {
    const tampered = tokenOf(ackLink()).replace('.1740996000.', '.1893456000.');

    const result = verifyLink({ caseId: CASE_ID, action: 'ack', token: tampered, secret: SECRET, now: BEFORE });

    expect(result).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a token signed with another secret', () => {
    const result = verifyLink({
      caseId: CASE_ID,
      action: 'ack',
      token: tokenOf(ackLink()),
      secret: 'other',
      now: BEFORE,
    });

    expect(result).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/=='],
    ['a version 1 token', Buffer.from(`1740996000.${'a'.repeat(64)}`).toString('base64url')],
    ['short digest', `2.1740996000.0.va.alert.${'n'.repeat(16)}.abcdef`],
    ['non-numeric expiry', `2.soon.0.va.alert.${'n'.repeat(16)}.${'a'.repeat(43)}`],
  ])('rejects a malformed token (%s)', (_, token) => {
    const result = verifyLink({ caseId: CASE_ID, action: 'ack', token, secret: SECRET, now: BEFORE });

    expect(result).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses to sign or verify with an empty secret', () => {
    expect(() =>
      verifyLink({ caseId: CASE_ID, action: 'ack', token: tokenOf(ackLink()), secret: '', now: BEFORE }),
    ).toThrow(/link signing secret is empty/);
  });
});
