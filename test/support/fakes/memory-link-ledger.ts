/**
 * The link ledger in memory: per-case link epochs (a revocation needs the case and audits it in
 * the case store) and spent action-token nonces, each spendable once.
 */
import type { Clock, LinkLedger } from '../../../functions/ports.ts';
import type { MemoryCaseStore } from './memory-case-store.ts';

export class MemoryLinkLedger implements LinkLedger {
  readonly #epochs = new Map<string, number>();
  readonly #spent = new Set<string>();

  constructor(
    private readonly deps: { readonly store: MemoryCaseStore; readonly clock: Clock; readonly newId: () => string },
  ) {}

  async epoch(caseId: string): Promise<number> {
    return this.#epochs.get(caseId) ?? 0;
  }

  async revoke(caseId: string, actor: string): Promise<number | undefined> {
    if (!(await this.deps.store.getCase(caseId))) return undefined;
    const epoch = (this.#epochs.get(caseId) ?? 0) + 1;
    this.#epochs.set(caseId, epoch);
    const at = this.deps.clock.now().toISOString();
    this.deps.store.appendAudit({ caseId, id: this.deps.newId(), at, type: 'case.links_revoked', actor });
    return epoch;
  }

  async spend(caseId: string, nonce: string): Promise<boolean> {
    const key = `${caseId}#${nonce}`;
    if (this.#spent.has(key)) return false;
    this.#spent.add(key);
    return true;
  }

  async spent(caseId: string, nonce: string): Promise<boolean> {
    return this.#spent.has(`${caseId}#${nonce}`);
  }
}
