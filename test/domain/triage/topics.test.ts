import { describe, expect, it } from 'vitest';
import { matchTopics, mergeTopics } from '../../../functions/domain/triage/topics.ts';
import { triageConfig } from './fixtures.ts';

const { topics } = triageConfig();

describe('topic rules', () => {
  it('tags a message with every topic whose keyword or pattern it contains', () => {
    expect(matchTopics('My Lost   Bag and I want a REFUND', topics)).toEqual(['baggage', 'refunds']);
    expect(matchTopics('my baggage is missing', topics)).toEqual(['baggage']);
  });

  it('matches keywords as whole words only', () => {
    expect(matchTopics('refunded already, thanks', topics)).toEqual([]);
  });

  it('keeps earlier topics and appends new ones once', () => {
    expect(mergeTopics(['refunds'], ['baggage', 'refunds'])).toEqual(['refunds', 'baggage']);
  });
});
