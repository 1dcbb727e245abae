/**
 * Counts the case writes the intake use case attempts and why they fail, by wrapping the case
 * store it is given (the adapters' override hook, in the benchmark's process only). A version
 * conflict or a taken conversation is one more round of the use case's retry loop.
 */
import type { CaseStore } from '../../functions/ports.ts';

export interface CaseWriteCounts {
  created: number;
  saved: number;
  /** Failed writes by error name: VersionConflictError, ConversationTakenError, DuplicateEventError... */
  failures: Record<string, number>;
}

export const countingCaseStore = (inner: CaseStore): { store: CaseStore; counts: CaseWriteCounts } => {
  const counts: CaseWriteCounts = { created: 0, saved: 0, failures: {} };
  const counted =
    <I>(write: (input: I) => Promise<void>, done: 'created' | 'saved') =>
    async (input: I): Promise<void> => {
      try {
        await write(input);
        counts[done] += 1;
      } catch (error) {
        const name = error instanceof Error ? error.name : 'unknown';
        counts.failures[name] = (counts.failures[name] ?? 0) + 1;
        throw error;
      }
    };
  const createCase = counted(inner.createCase.bind(inner), 'created');
  const saveCase = counted(inner.saveCase.bind(inner), 'saved');
  const store = new Proxy(inner, {
    get(target, property) {
      if (property === 'createCase') return createCase;
      if (property === 'saveCase') return saveCase;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, counts };
};
