/**
 * Delivery is the truth: what one delivery attempt of a chain step's alert does to its
 * escalation. A level counts as alerted once one of its targets accepted the alert; when every
 * target of the level has failed, the next level is due at once, and after the last level the
 * fallback target is tried. Pure.
 */
import type { Case, Escalation, TargetDelivery } from './case.ts';
import type { AlertJob } from './escalation.ts';
import type { EscalationChain } from './policies.ts';
import type { Timer } from './sla/types.ts';

export type DeliveryAttempt =
  | { readonly state: 'delivered' }
  | { readonly state: 'retrying' | 'failed'; readonly reason: string; readonly attempt: number };

export interface DeliveryEffect {
  readonly escalation: Escalation;
  readonly audit: readonly { readonly type: string; readonly detail: Record<string, unknown> }[];
  /** The next level, due now, when every target of this level failed. */
  readonly failover?: Timer;
  /** The fallback target's alert, when the last level's targets all failed. */
  readonly fallback?: AlertJob;
}

const sameStep = (a: Pick<TargetDelivery, 'target' | 'level' | 'round' | 'fallback'>, job: TargetDelivery) =>
  a.target === job.target && a.level === job.level && a.round === job.round && !a.fallback === !job.fallback;

const stepKey = (level: number, round: number): string => `L${level}:R${round}`;

/**
 * True when every target of the level has a failed attempt and none accepted the alert, nor is being
 * sent it by another worker right now: a copy of the step racing this one may yet deliver there.
 */
const levelFailed = (
  deliveries: readonly TargetDelivery[],
  targets: readonly string[],
  level: number,
  round: number,
  sendingElsewhere: ReadonlySet<string>,
) =>
  targets.every(
    (target) =>
      !sendingElsewhere.has(target) &&
      deliveries.some(
        (d) => !d.fallback && d.target === target && d.level === level && d.round === round && d.state !== 'delivered',
      ),
  );

export const isFallbackJob = (job: Pick<AlertJob, 'alertId'>): boolean => job.alertId.endsWith(':fallback');

/** The id of the same step's alert to another target of its level: a step's ids differ only in their last part. */
export const levelAlertId = (job: Pick<AlertJob, 'alertId' | 'target'>, target: string): string | undefined =>
  job.alertId.endsWith(`:${job.target}`) ? `${job.alertId.slice(0, -job.target.length)}${target}` : undefined;

const fallbackJob = (job: AlertJob, fallbackTarget: string): AlertJob =>
  ({
    ...job,
    alertId: `${job.caseId}:${job.escalationId}:${job.kind}:L${job.level}:R${job.round}:${fallbackTarget}:fallback`,
    target: fallbackTarget,
  }) as AlertJob;

/**
 * Records one attempt of a breach or escalation alert on its escalation, and says what follows.
 * Undefined when the job is not a chain step of a recorded escalation. `sendingElsewhere`: the
 * targets of the job's level another worker is sending the alert to now; they do not count as failed.
 */
export const recordDelivery = (
  theCase: Case,
  job: AlertJob,
  attempt: DeliveryAttempt,
  chain: EscalationChain,
  fallbackTarget: string | undefined,
  now: string,
  sendingElsewhere: ReadonlySet<string> = new Set(),
): DeliveryEffect | undefined => {
  if (job.kind !== 'breach' && job.kind !== 'escalation') return undefined;
  const escalation = theCase.escalations?.find((e) => e.id === job.escalationId);
  if (!escalation) return undefined;
  const fallback = isFallbackJob(job);
  const delivery: TargetDelivery = {
    target: job.target,
    level: job.level,
    round: job.round,
    state: attempt.state,
    at: now,
    ...(attempt.state !== 'delivered' && { reason: attempt.reason, attempts: attempt.attempt }),
    ...(fallback && { fallback: true }),
  };
  const earlier = escalation.deliveries ?? [];
  const previous = earlier.find((d) => sameStep(d, delivery));
  // A late failure report never undoes a delivery that already happened.
  if (previous?.state === 'delivered') return undefined;
  const deliveries = [...earlier.filter((d) => !sameStep(d, delivery)), delivery];
  const step = { level: job.level, round: job.round, target: job.target, ...(fallback && { fallback: true }) };
  const audit: DeliveryEffect['audit'][number][] = [];
  if (attempt.state === 'delivered') {
    audit.push({ type: 'alert.delivered', detail: step });
    const firstOfLevel = !earlier.some(
      (d) => d.state === 'delivered' && d.level === job.level && d.round === job.round && !d.fallback,
    );
    if (firstOfLevel && !fallback) {
      audit.push({ type: 'escalation.alerted', detail: { level: job.level, round: job.round, targets: [job.target] } });
    }
    return { escalation: { ...escalation, deliveries }, audit };
  }
  audit.push({
    type: attempt.state === 'failed' ? 'alert.failed' : 'alert.retrying',
    detail: { ...step, reason: attempt.reason, attempt: attempt.attempt },
  });
  const updated: Escalation = { ...escalation, deliveries };
  if (fallback) return { escalation: updated, audit };
  return failOver(theCase, updated, job, chain, fallbackTarget, now, audit, sendingElsewhere);
};

/** Every target of the step failed: the next level now, or the fallback target after the last level. */
const failOver = (
  theCase: Case,
  escalation: Escalation,
  job: AlertJob,
  chain: EscalationChain,
  fallbackTarget: string | undefined,
  now: string,
  audit: DeliveryEffect['audit'][number][],
  sendingElsewhere: ReadonlySet<string>,
): DeliveryEffect => {
  const targets = chain.levels[job.level - 1]?.notify ?? [];
  const key = stepKey(job.level, job.round);
  const current = escalation.level === job.level && escalation.round === job.round;
  const unchanged = { escalation, audit };
  if (!current || escalation.endedAt || escalation.failedOver?.includes(key)) return unchanged;
  if (!levelFailed(escalation.deliveries ?? [], targets, job.level, job.round, sendingElsewhere)) return unchanged;
  const failedOver: Escalation = { ...escalation, failedOver: [...(escalation.failedOver ?? []), key] };
  const isLastLevel = job.level >= chain.levels.length;
  audit.push({
    type: 'escalation.level_failed',
    detail: {
      level: job.level,
      round: job.round,
      next: isLastLevel ? (fallbackTarget ? `fallback ${fallbackTarget}` : 'none') : `level ${job.level + 1}`,
    },
  });
  if (!isLastLevel) {
    const failover: Timer = {
      caseId: theCase.id,
      key: `${escalation.id}:escalate:L${job.level + 1}:R${job.round}`,
      kind: 'escalation',
      clock: escalation.clock,
      generation: Number(escalation.id.split(':')[1] ?? 0),
      dueAt: now,
      level: job.level + 1,
      round: job.round,
    };
    return { escalation: failedOver, audit, failover };
  }
  if (!fallbackTarget) return { escalation: failedOver, audit };
  return { escalation: failedOver, audit, fallback: fallbackJob(job, fallbackTarget) };
};
