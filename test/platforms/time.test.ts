import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../functions/platforms/errors.ts';
import { fromMetaTime, fromXV1Date } from '../../functions/platforms/time.ts';

describe('platform times', () => {
  it('reads an X v1.1 created_at as UTC, honouring its offset', () => {
    expect(fromXV1Date('Fri Feb 14 19:00:55 +0000 2020', 'created_at')).toBe('2020-02-14T19:00:55.000Z');
    expect(fromXV1Date('Fri Feb 14 19:00:55 +0130 2020', 'created_at')).toBe('2020-02-14T17:30:55.000Z');
  });

  it('raises a PayloadError naming the field for a created_at in another format', () => {
    expect(() => fromXV1Date('2020-02-14T19:00:55Z', 'tweet_create_events.0.created_at')).toThrow(PayloadError);
    expect(() => fromXV1Date('2020-02-14T19:00:55Z', 'tweet_create_events.0.created_at')).toThrow(
      /^tweet_create_events\.0\.created_at: /,
    );
  });

  it('reads Meta times in seconds (feed, WhatsApp) and in milliseconds (Messenger)', () => {
    expect(fromMetaTime(1543608880, 'entry.0.time')).toBe('2018-11-30T20:14:40.000Z');
    expect(fromMetaTime(1458692752478, 'entry.0.time')).toBe('2016-03-23T00:25:52.478Z');
    expect(fromMetaTime('1749416383', 'timestamp')).toBe('2025-06-08T20:59:43.000Z');
  });
});
