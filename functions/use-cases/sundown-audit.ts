/**
 * Audit entries Sundown writes on its own behalf: the domain plans each entry's type and detail,
 * the use case stamps the case, a fresh id, the time and the actor, and adds its own context.
 */
import type { AuditEntry } from '../domain/case.ts';

export interface PlannedAudit {
  readonly type: string;
  readonly detail: Record<string, unknown>;
}

export const sundownAudit = (
  planned: readonly PlannedAudit[],
  stamp: {
    readonly caseId: string;
    readonly at: string;
    readonly newId: () => string;
    /** What the use case knows and the domain did not (the timer, the alert job). */
    readonly context: (detail: Record<string, unknown>) => Record<string, unknown>;
  },
): AuditEntry[] =>
  planned.map(({ type, detail }) => ({
    caseId: stamp.caseId,
    id: stamp.newId(),
    at: stamp.at,
    type,
    actor: 'sundown',
    detail: stamp.context(detail),
  }));
