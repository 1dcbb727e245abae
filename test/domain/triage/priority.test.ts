import { describe, expect, it } from 'vitest';
import { decideTriage, firedRules, type TriageFacts } from '../../../functions/domain/triage/priority.ts';
import { triageConfig } from './fixtures.ts';

const NOW = '2026-03-02T10:00:00.000Z';
const rules = triageConfig().triage;

const facts = (overrides: Partial<TriageFacts> = {}): TriageFacts => ({
  text: 'where is my booking reference',
  author: { id: 'u1', handle: 'alice', followers: 120 },
  sentiment: 0,
  recentOtherCases: 0,
  ...overrides,
});

describe('priority rules', () => {
  it('fires nothing for an ordinary message from a small account', () => {
    // Act
    const decision = decideTriage({ priority: 'normal' }, facts(), rules, NOW);
    // Assess
    expect(decision).toBeUndefined();
  });

  it('raises to high on reach: followers at or above the threshold', () => {
    const decision = decideTriage(
      { priority: 'normal' },
      facts({ author: { id: 'u1', followers: 120_000 } }),
      rules,
      NOW,
    );
    expect(decision).toEqual({ priority: 'high', reasons: ['reach: 120000 followers >= 10000'], decidedAt: NOW });
  });

  it('raises on reach for a verified account with few followers', () => {
    const decision = decideTriage(
      { priority: 'normal' },
      facts({ author: { id: 'u1', followers: 5, verified: true } }),
      rules,
      NOW,
    );
    expect(decision?.reasons).toEqual(['reach: verified account']);
  });

  it('raises to urgent on an urgent keyword, whole words only', () => {
    const hit = decideTriage({ priority: 'normal' }, facts({ text: 'I am calling my LAWYER today' }), rules, NOW);
    const miss = decideTriage({ priority: 'normal' }, facts({ text: 'the lawyers lounge was nice' }), rules, NOW);
    expect(hit).toMatchObject({ priority: 'urgent', reasons: ['keyword: "lawyer"'] });
    expect(miss).toBeUndefined();
  });

  it('raises on an urgent pattern', () => {
    const decision = decideTriage({ priority: 'low' }, facts({ text: 'we are suing you' }), rules, NOW);
    expect(decision?.priority).toBe('urgent');
    expect(decision?.reasons[0]).toMatch(/^keyword: \/.*su\(e\|ing\)/);
  });

  it('raises on negative sentiment at or below the threshold, not above it', () => {
    expect(decideTriage({ priority: 'normal' }, facts({ sentiment: -0.5 }), rules, NOW)?.priority).toBe('high');
    expect(decideTriage({ priority: 'normal' }, facts({ sentiment: -0.49 }), rules, NOW)).toBeUndefined();
  });

  it('raises on repeat contact when the customer opened another case within the window', () => {
    const decision = decideTriage({ priority: 'normal' }, facts({ recentOtherCases: 2 }), rules, NOW);
    expect(decision?.reasons).toEqual(['repeat contact: 2 other case(s) or channel(s) within P2D']);
  });

  it('raises to urgent for a message from a press account or mentioning one', () => {
    const from = decideTriage({ priority: 'normal' }, facts({ author: { id: '99', handle: 'bbcnews' } }), rules, NOW);
    const mentioning = decideTriage({ priority: 'normal' }, facts({ text: 'hey @Guardian look at this' }), rules, NOW);
    expect(from).toMatchObject({ priority: 'urgent', reasons: ['press: @BBCNews'] });
    expect(mentioning).toMatchObject({ priority: 'urgent', reasons: ['press: guardian'] });
  });

  it('stores one reason per rule that fired and takes the highest priority', () => {
    const all = facts({ text: 'my lawyer says', sentiment: -0.8, author: { id: 'u', followers: 50_000 } });
    const decision = decideTriage({ priority: 'normal' }, all, rules, NOW);
    expect(decision?.priority).toBe('urgent');
    expect(decision?.reasons).toHaveLength(3);
    expect(firedRules(all, rules).map((f) => f.rule)).toEqual(['reach', 'keywords.0', 'negativeSentiment']);
  });

  it('never lowers a priority: a low rule on an urgent case keeps it urgent', () => {
    const decision = decideTriage({ priority: 'urgent' }, facts({ sentiment: -0.9 }), rules, NOW);
    expect(decision?.priority).toBe('urgent');
  });

  it('keeps earlier reasons and adds only rules that had not fired', () => {
    const first = decideTriage({ priority: 'normal' }, facts({ sentiment: -0.6 }), rules, NOW);
    if (!first) throw new Error('expected a decision');
    const again = decideTriage({ priority: first.priority, triage: first }, facts({ sentiment: -0.7 }), rules, NOW);
    const later = '2026-03-02T11:00:00.000Z';
    const press = decideTriage({ priority: 'high', triage: first }, facts({ text: '@bbcnews' }), rules, later);
    expect(again).toBeUndefined();
    expect(press).toEqual({
      priority: 'urgent',
      reasons: ['sentiment: -0.6 <= -0.5', 'press: @BBCNews'],
      decidedAt: later,
    });
  });
});
