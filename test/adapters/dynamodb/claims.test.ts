/**
 * Claims on DynamoDB Local: whether a claim is held agrees with whether another worker could take
 * it, since the alert worker counts a held target of a level as being sent to, not as failed.
 */
import { describe, expect, it } from 'vitest';
import { DynamoClaims } from '../../../functions/adapters/dynamodb/claims.ts';
import { freshTable } from '../../support/dynamo.ts';
import { FixedClock } from '../../support/fakes/fixed-clock.ts';

const claimsAt = async (now: string) => {
  const clock = new FixedClock(new Date(now));
  const table = await freshTable();
  return { clock, claims: new DynamoClaims({ client: table.documentClient, tableName: table.tableName, clock }) };
};

describe('whether a claim is held', () => {
  it('is held from its taking until its lease runs out, when another worker can take it over', async () => {
    // Prepare
    const { clock, claims } = await claimsAt('2026-03-02T10:00:00.000Z');
    const before = await claims.held('alert:a');

    // Act
    await claims.claim('alert:a', 60);
    const taken = await claims.held('alert:a');
    clock.set('2026-03-02T10:01:00.000Z');
    const atLeaseEnd = await claims.held('alert:a');
    clock.set('2026-03-02T10:01:00.001Z');
    const lapsed = await claims.held('alert:a');
    const takenOver = await claims.claim('alert:a', 60);

    // Assess
    expect([before, taken, atLeaseEnd, lapsed]).toEqual([false, true, true, false]);
    expect(takenOver).toBe('claimed');
  });

  it('is not held once released or completed', async () => {
    // Prepare
    const { claims } = await claimsAt('2026-03-02T10:00:00.000Z');
    await claims.claim('alert:released', 60);
    await claims.claim('alert:done', 60);

    // Act
    await claims.release('alert:released');
    await claims.complete('alert:done', { delivered: '2026-03-02T10:00:01.000Z' });

    // Assess
    expect(await claims.held('alert:released')).toBe(false);
    expect(await claims.held('alert:done')).toBe(false);
    expect(await claims.claim('alert:done', 60)).toBe('done');
  });
});
