/**
 * Random fractions for ULIDs, from cryptographic bytes drawn a pool at a time. ulid's default draws
 * each of an id's 16 random characters with a call of its own into the crypto module (1.4 % of the
 * escalation path's CPU in a profile of `npm run bench:escalation`); this draws the same bytes 4 KB
 * at once. Each fraction is one byte / 256, as ulid's default makes it, so every character stays
 * uniform over the 32 of Crockford's base 32.
 */
import { randomFillSync } from 'node:crypto';

export const pooledRandom = (poolBytes = 4_096): (() => number) => {
  const pool = new Uint8Array(poolBytes);
  let next = poolBytes;
  return () => {
    if (next === poolBytes) {
      randomFillSync(pool);
      next = 0;
    }
    return (pool[next++] ?? 0) / 256;
  };
};

/** The one pool a process's ids draw from. */
export const idRandom = pooledRandom();
