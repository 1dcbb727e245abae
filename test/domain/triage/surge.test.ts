import { describe, expect, it } from 'vitest';
import {
  bucketMs,
  bucketStart,
  type SurgePost,
  surgeKeys,
  windowFirstBucket,
} from '../../../functions/domain/triage/surge.ts';
import { triageConfig } from './fixtures.ts';

const rules = triageConfig().surge;
const post = (overrides: Partial<SurgePost> = {}): SurgePost => ({
  channel: 'facebook',
  brandAccount: 'page-1',
  threadKey: 'post-9',
  opensCase: true,
  topics: ['baggage'],
  sentiment: -0.4,
  ...overrides,
});

describe('surge keys', () => {
  it('counts a negative new case on its topics and a public post on its thread', () => {
    expect(surgeKeys(post(), rules).map((k) => k.key)).toEqual(['topic:baggage', 'thread:facebook:page-1:post-9']);
  });

  it('counts a later comment on the thread but not again on the topic', () => {
    expect(surgeKeys(post({ opensCase: false }), rules).map((k) => k.kind)).toEqual(['thread']);
  });

  it('ignores posts that are not negative when only negative posts count', () => {
    expect(surgeKeys(post({ sentiment: 0.2 }), rules)).toEqual([]);
    expect(surgeKeys(post({ sentiment: 0.2 }), { ...rules, negativeOnly: false })).toHaveLength(2);
  });

  it('does not watch private channels by thread, nor anything without surge targets', () => {
    expect(surgeKeys(post({ channel: 'whatsapp' }), rules).map((k) => k.kind)).toEqual(['topic']);
    expect(surgeKeys(post(), { ...rules, notify: [] })).toEqual([]);
  });
});

describe('surge window buckets', () => {
  it('slides in tenths of the window, between one second and one minute', () => {
    expect(bucketMs(10 * 60_000)).toBe(60_000);
    expect(bucketMs(20_000)).toBe(2_000);
    expect(bucketMs(500)).toBe(1_000);
    expect(bucketMs(24 * 3600_000)).toBe(60_000);
  });

  it('covers exactly the buckets that start inside the window', () => {
    const at = Date.parse('2026-03-02T10:09:30.000Z');
    const first = windowFirstBucket(at, 10 * 60_000);
    expect(new Date(first).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(bucketStart(at, 60_000)).toBe(Date.parse('2026-03-02T10:09:00.000Z'));
  });
});
