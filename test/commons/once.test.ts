import { describe, expect, it } from 'vitest';
import { onceLoaded } from '../../functions/commons/once.ts';

describe('onceLoaded', () => {
  it('loads once for every caller, those that asked while it was loading included', async () => {
    // Prepare
    let loads = 0;
    const loaded = onceLoaded(async () => {
      loads += 1;
      return { client: 'sqs' };
    });

    // Act
    const [first, second] = await Promise.all([loaded(), loaded()]);
    const later = await loaded();

    // Assess
    expect(loads).toBe(1);
    expect(second).toBe(first);
    expect(later).toBe(first);
  });

  it('loads again on the next call after a load failed, and keeps the first that succeeds', async () => {
    // Prepare
    let loads = 0;
    const loaded = onceLoaded(async () => {
      loads += 1;
      if (loads === 1) throw new Error('module failed to load');
      return loads;
    });

    // Act
    const failure = await loaded().catch((error: Error) => error.message);
    const retried = await loaded();
    const kept = await loaded();

    // Assess
    expect(failure).toBe('module failed to load');
    expect(retried).toBe(2);
    expect(kept).toBe(2);
    expect(loads).toBe(2);
  });
});
