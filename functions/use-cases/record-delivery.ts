/**
 * Writes what a delivery attempt did to the case: per-target state, the audit entries that tell
 * the truth (`escalation.alerted` only once a target accepted the alert), and, when every target
 * of a level failed, the next level's timer due now (the sweeper hands it to the timer worker).
 */
import { AlertDeliveryError } from '../alerts/errors.ts';
import { VersionConflictError } from '../commons/errors.ts';
import type { SundownConfig } from '../config/schema.ts';
import type { Case } from '../domain/case.ts';
import { type DeliveryAttempt, type DeliveryEffect, recordDelivery } from '../domain/delivery.ts';
import type { AlertJob } from '../domain/escalation.ts';
import type { CaseStore, Clock } from '../ports.ts';
import { sundownAudit } from './sundown-audit.ts';

export interface RecordDeliveryDeps {
  readonly store: CaseStore;
  readonly clock: Clock;
  readonly config: SundownConfig;
  readonly newId: () => string;
}

/** The alert queue's maxReceiveCount: the attempt after which SQS parks the alert on its DLQ. */
export const ALERT_MAX_ATTEMPTS = 8;

/** A failed attempt as the case records it; the reason never holds a URL or a secret. */
export const failedAttempt = (error: unknown, attempt: number): DeliveryAttempt => {
  const known = error instanceof AlertDeliveryError;
  const reason = known ? error.message : `unexpected ${(error as Error)?.name ?? 'error'}`;
  const final = (known && error.permanent) || attempt >= ALERT_MAX_ATTEMPTS;
  return { state: final ? 'failed' : 'retrying', reason, attempt };
};

const chainOf = (theCase: Case, job: AlertJob, config: SundownConfig) => {
  const escalation = theCase.escalations?.find((e) => e.id === job.escalationId);
  return escalation ? config.escalationChains[escalation.chain] : undefined;
};

const MAX_WRITES = 5;

/**
 * Records the attempt; returns the fallback job to deliver, if the chain ran out of working targets.
 * `read` is the case as the caller just read it: the first write tries it, a conflict reads again.
 */
export const recordDeliveryAttempt = async (
  job: AlertJob,
  attempt: DeliveryAttempt,
  deps: RecordDeliveryDeps,
  read?: Case,
): Promise<DeliveryEffect | undefined> => {
  for (let write = 1; write <= MAX_WRITES; write++) {
    const theCase = write === 1 && read ? read : await deps.store.getCase(job.caseId);
    const chain = theCase && chainOf(theCase, job, deps.config);
    if (!theCase || !chain) return undefined;
    const now = deps.clock.now().toISOString();
    const effect = recordDelivery(theCase, job, attempt, chain, deps.config.alerts.fallback, now);
    if (!effect) return undefined;
    const escalations = (theCase.escalations ?? []).map((e) => (e.id === effect.escalation.id ? effect.escalation : e));
    try {
      await deps.store.saveCase({
        case: { ...theCase, escalations, updatedAt: now, version: theCase.version + 1 },
        expectedVersion: theCase.version,
        audit: sundownAudit(effect.audit, {
          caseId: theCase.id,
          at: now,
          newId: deps.newId,
          context: (detail) => ({ clock: job.clock, escalation: job.escalationId, kind: job.kind, ...detail }),
        }),
        ...(effect.failover && { timers: [effect.failover] }),
      });
      return effect;
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
  }
  throw new VersionConflictError(`case ${job.caseId} kept changing while recording the delivery of ${job.alertId}`);
};
