import { describe, expect, it } from 'vitest';
import type { Case } from '../../../functions/domain/case.ts';
import { scoreSentiment } from '../../../functions/domain/triage/sentiment.ts';
import { isAbusive, suppressedAlertSkip, suppressionReason } from '../../../functions/domain/triage/suppression.ts';
import { triageConfig } from './fixtures.ts';

const config = triageConfig();
const rules = config.suppression;
const author = { id: 'u1', handle: 'alice' };

/** Monday 2 March 2026: 10:00 and 23:00 in London (GMT). */
const DAY = new Date('2026-03-02T10:00:00.000Z');
const NIGHT = new Date('2026-03-02T23:00:00.000Z');

const suppressedCase = {
  suppressed: { reason: 'abuse', at: '2026-03-02T09:00:00.000Z' },
  sla: { policy: 'standard', clocks: {} },
} as Pick<Case, 'suppressed' | 'sla'>;

describe('suppression rules', () => {
  it('suppresses a blocked author by handle, with or without @', () => {
    expect(suppressionReason({ text: 'hello', author: { id: '7', handle: 'SpamBot' } }, 0, rules)).toBe(
      'blocked author: @spambot',
    );
  });

  it('suppresses a message matching a spam pattern', () => {
    expect(suppressionReason({ text: 'Buy followers cheap!!', author }, 0, rules)).toBe(
      'spam pattern: /buy followers/',
    );
  });

  it('suppresses after the configured number of abusive messages from one author, not before', () => {
    expect(suppressionReason({ text: 'x', author }, 2, rules)).toBeUndefined();
    expect(suppressionReason({ text: 'x', author }, 3, rules)).toMatch(/^abuse: 3 abusive messages/);
  });

  it('calls a message abusive on profanity from the lexicon, not on mere anger', () => {
    const text = 'you useless bastards';
    expect(isAbusive(text, scoreSentiment(text), rules)).toBe(true);
    const angry = 'this is a terrible delay';
    expect(isAbusive(angry, scoreSentiment(angry), rules)).toBe(false);
  });
});

describe('alerts of a suppressed case', () => {
  it('never pages a paging target, day or night', () => {
    const pager = { pages: true };
    expect(suppressedAlertSkip(suppressedCase, pager, DAY, config)).toMatch(/a paging target is never paged/);
  });

  it('skips every target outside business hours and alerts other targets during them', () => {
    const slack = { pages: false };
    expect(suppressedAlertSkip(suppressedCase, slack, NIGHT, config)).toMatch(/outside london-office business hours/);
    expect(suppressedAlertSkip(suppressedCase, slack, DAY, config)).toBeUndefined();
  });

  it('leaves an unsuppressed case alone at night', () => {
    const pager = { pages: true };
    expect(suppressedAlertSkip({ sla: suppressedCase.sla }, pager, NIGHT, config)).toBeUndefined();
  });
});
