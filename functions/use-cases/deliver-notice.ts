/**
 * The alert worker's use case for notices: deliver one notice to its one target, once. The claim
 * is the same leased claim alert jobs use, so a redelivered or duplicated message is dropped.
 */
import type { Notice } from '../alerts/notice.ts';
import { deliverNotice } from '../alerts/notice-senders.ts';
import { AlertInFlightError, type DeliverDeps, type DeliverOutcome } from './deliver-alert.ts';

export type NoticeDeps = Pick<DeliverDeps, 'claims' | 'clock' | 'config' | 'sender'>;

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
    const target = deps.config.targets[notice.target];
    if (!target) {
      const reason = `no alert target named ${notice.target} in the config`;
      await deps.claims.complete(key, { skipped: reason, target: notice.target });
      return { outcome: 'skipped', reason };
    }
    const { publishEmail, ...sender } = deps.sender;
    await deliverNotice(notice, target, {
      ...sender,
      ...(publishEmail && {
        publishEmail: (subject: string, body: string) => publishEmail(notice.target, subject, body),
      }),
    });
    await deps.claims.complete(key, { delivered: deps.clock.now().toISOString(), target: notice.target });
    return { outcome: 'delivered', target: notice.target };
  } catch (error) {
    await deps.claims.release(key);
    throw error;
  }
};
