import { describe, expect, it } from 'vitest';
import { nextCaseSentiment, scoreSentiment } from '../../../functions/domain/triage/sentiment.ts';

describe('sentiment', () => {
  it('scores an angry message below zero and a thankful one above', () => {
    const angry = scoreSentiment('terrible awful service, my bag is lost');
    const happy = scoreSentiment('thank you so much, great help');
    expect(angry.comparative).toBeLessThan(0);
    expect(angry.negativeWords).toContain('terrible');
    expect(happy.comparative).toBeGreaterThan(0);
  });

  it('reports the worst single word, profanity scoring -4 or lower', () => {
    expect(scoreSentiment('you are a bastard').worstWord).toBeLessThanOrEqual(-4);
    expect(scoreSentiment('the flight was late').worstWord).toBeGreaterThan(-4);
  });

  it('keeps the first and the latest score as the mood changes', () => {
    const first = nextCaseSentiment(undefined, -0.8, '2026-03-02T10:00:00.000Z');
    const later = nextCaseSentiment(first, 0.4, '2026-03-02T12:00:00.000Z');
    expect(later).toEqual({
      first: -0.8,
      firstAt: '2026-03-02T10:00:00.000Z',
      latest: 0.4,
      latestAt: '2026-03-02T12:00:00.000Z',
    });
  });

  it('places a message that arrives out of order by when it was written', () => {
    const current = {
      first: -0.2,
      firstAt: '2026-03-02T10:00:00.000Z',
      latest: 0.5,
      latestAt: '2026-03-02T12:00:00.000Z',
    };
    const older = nextCaseSentiment(current, -0.9, '2026-03-02T09:00:00.000Z');
    expect(older).toEqual({ ...current, first: -0.9, firstAt: '2026-03-02T09:00:00.000Z' });
  });
});
