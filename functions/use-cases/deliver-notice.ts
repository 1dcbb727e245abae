/**
 * The alert worker's use case for notices: deliver one notice to its one target, once. The claim
 * is the same leased claim alert jobs use, so a redelivered or duplicated message is dropped.
 */

import { logger } from '../commons/logger.ts';
import type { AlertJob } from '../domain/escalation.ts';
import type { Notice } from '../domain/queue-messages.ts';
import { AlertInFlightError, type DeliverDeps, type DeliverOutcome } from './deliver-alert.ts';
import { recordDeliveryAttempt } from './record-delivery.ts';

export type NoticeDeps = Pick<DeliverDeps, 'claims' | 'clock' | 'config' | 'notifier'> &
  Partial<Pick<DeliverDeps, 'store' | 'newId'>>;

/** Longer than one delivery attempt can take (a 5 s timeout per request). */
const CLAIM_LEASE_SECONDS = 60;

export const noticeClaimKey = (notice: Pick<Notice, 'noticeId' | 'target'>): string =>
  `notice:${notice.target}:${notice.noticeId}`;

export const deliverNoticeJob = async (notice: Notice, deps: NoticeDeps): Promise<DeliverOutcome> => {
  const key = noticeClaimKey(notice);
  const claim = await deps.claims.claim(key, CLAIM_LEASE_SECONDS);
  if (claim === 'done') return { outcome: 'duplicate' };
  if (claim === 'busy') throw new AlertInFlightError(`notice ${notice.noticeId} is being delivered by another worker`);
  try {
    if (!deps.notifier.target(notice.target)) {
      const reason = `no alert target named ${notice.target} in the config`;
      await deps.claims.complete(key, { skipped: reason, target: notice.target });
      return { outcome: 'skipped', reason };
    }
    await deps.notifier.notice(notice.target, notice);
    await deps.claims.complete(key, { delivered: deps.clock.now().toISOString(), target: notice.target });
    await recordHeldBackDelivered(notice, deps);
    return { outcome: 'delivered', target: notice.target };
  } catch (error) {
    await deps.claims.release(key);
    throw error;
  }
};

/** Alerts held back at night and sent in one notice count as delivered on each of their cases. */
const recordHeldBackDelivered = async (notice: Notice, deps: NoticeDeps): Promise<void> => {
  const { store, newId } = deps;
  if (notice.kind !== 'deferred_alerts' || !store || !newId) return;
  const jobs = (notice.payload.jobs ?? []) as AlertJob[];
  for (const job of jobs) {
    try {
      await recordDeliveryAttempt(job, { state: 'delivered' }, { ...deps, store, newId });
    } catch (error) {
      logger.error('held-back alert delivered but not recorded on its case', {
        alertId: job.alertId,
        error: (error as Error).name,
      });
    }
  }
};
