/** The cases API's composition root: reading cases, and recording hand-offs and promises. */
import type { CaseLister, MetricsRecorder } from '../ports.ts';
import type { FollowUpDeps } from '../use-cases/followups.ts';
import { caseChanges, followUps, linkLedger } from './case-changes.ts';
import { core, type Substitutes } from './parts.ts';

export interface CasesRoot {
  readonly followUps: FollowUpDeps;
  readonly store: FollowUpDeps['store'] & CaseLister;
  readonly metrics: MetricsRecorder;
}

export const composeCases = (substitutes: Substitutes = {}): CasesRoot => {
  const changes = caseChanges(substitutes, core(substitutes));
  return { followUps: followUps(changes, linkLedger(changes)), store: changes.store, metrics: changes.metrics };
};
