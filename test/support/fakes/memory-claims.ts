/** Leased claims in memory, with the DynamoDB adapter's rules: a lapsed lease can be taken over, a done claim stays done. */
import type { Claims, Clock } from '../../../functions/ports.ts';

type Claim = { readonly state: 'claimed'; readonly leaseUntil: number } | { readonly state: 'done' };

export class MemoryClaims implements Claims {
  readonly #claims = new Map<string, Claim>();
  readonly completed = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(private readonly clock: Clock) {}

  async claim(key: string, leaseSeconds: number): Promise<'claimed' | 'done' | 'busy'> {
    const now = this.clock.now().getTime();
    const current = this.#claims.get(key);
    if (current?.state === 'done') return 'done';
    if (current && current.leaseUntil >= now) return 'busy';
    this.#claims.set(key, { state: 'claimed', leaseUntil: now + leaseSeconds * 1000 });
    return 'claimed';
  }

  async complete(key: string, detail: Readonly<Record<string, unknown>>): Promise<void> {
    this.#claims.set(key, { state: 'done' });
    this.completed.set(key, structuredClone(detail));
  }

  async release(key: string): Promise<void> {
    if (this.#claims.get(key)?.state === 'claimed') this.#claims.delete(key);
  }

  async held(key: string): Promise<boolean> {
    const current = this.#claims.get(key);
    return current?.state === 'claimed' && current.leaseUntil >= this.clock.now().getTime();
  }
}
