/**
 * The alert worker's use case for one step of a chain sent to several targets in one message:
 * each target's alert is sent side by side, as its own job with its own claim, so a target
 * that took it is skipped when the step comes again. What the targets took, and which failed, is
 * recorded on the case in one write (not one per target, which would conflict with each other),
 * the deliveries first, so a level a target took never counts as failed. A target that refuses
 * for good is parked on the DLQ as its own job (as a lone job is, so redriving it reaches that
 * target alone); a target that fails for now fails the step, which SQS retries for the targets
 * still owed the alert.
 */
import type { AlertJob, AlertStep } from '../domain/queue-messages.ts';
import type { Claims } from '../ports.ts';
import {
  type DeliverDeps,
  type DeliverOutcome,
  type FailedSend,
  type SentAlert,
  sendAlertJob,
  settleSent,
} from './deliver-alert.ts';

export interface DeliverStepDeps {
  readonly deliver: DeliverDeps;
  /** Why no retry can fix this error, if none can. */
  readonly permanent: (error: unknown) => string | undefined;
  /** Parks one target's job on the alert DLQ with the reason. */
  readonly park: (job: AlertJob, reason: string) => Promise<void>;
  /** Sees every failed attempt, as the worker counts them per target. */
  readonly failed?: (job: AlertJob, error: unknown) => void;
}

export type StepOutcome = DeliverOutcome | { readonly outcome: 'parked'; readonly reason: string };

/** One or more targets failed for now; the step is retried for them. */
export class AlertStepRetryError extends AggregateError {}

/** Marks a job parked from a step, so a retry of the step does not send to that target again. */
const parkedKey = (job: AlertJob): string => `alert-parked:${job.alertId}`;

const parkedBefore = async (job: AlertJob, claims: Claims): Promise<boolean> => {
  const claim = await claims.claim(parkedKey(job), 1);
  if (claim === 'claimed') await claims.release(parkedKey(job));
  return claim === 'done';
};

/** A target refused for good; it is parked once its failure is on the case. */
interface Refused {
  readonly outcome: 'refused';
  readonly job: AlertJob;
  readonly reason: string;
}

const sendOne = async (
  job: AlertJob,
  deps: DeliverStepDeps,
  attempt: number,
  failed: FailedSend[],
): Promise<StepOutcome | SentAlert | Refused> => {
  // Only a retry can find a job parked: the first attempt of a step parks nothing before it.
  if (attempt > 1 && (await parkedBefore(job, deps.deliver.claims)))
    return { outcome: 'skipped', reason: 'parked on the DLQ by an earlier attempt' };
  try {
    return await sendAlertJob(job, deps.deliver, attempt, (failure) => failed.push(failure));
  } catch (error) {
    deps.failed?.(job, error);
    const reason = deps.permanent(error);
    if (!reason) throw error;
    return { outcome: 'refused', job, reason };
  }
};

/** Only after the step's write: a retry skips a parked target, so its failure would never be recorded. */
const park = async ({ job, reason }: Refused, deps: DeliverStepDeps): Promise<StepOutcome> => {
  await deps.park(job, reason);
  await deps.deliver.claims.complete(parkedKey(job), { parked: reason, target: job.target });
  return { outcome: 'parked', reason };
};

/** `attempt` is the alert queue's receive count of the step's message. */
export const deliverAlertStep = async (
  step: AlertStep,
  deps: DeliverStepDeps,
  attempt = 1,
): Promise<Record<string, StepOutcome['outcome']>> => {
  const failed: FailedSend[] = [];
  const settled = await Promise.allSettled(step.alerts.map((job) => sendOne(job, deps, attempt, failed)));
  const sent = settled.flatMap((s) => (s.status === 'fulfilled' && s.value.outcome === 'sent' ? [s.value] : []));
  // Recorded with the failed sends before any failure is reported: a retry then finds these targets' claims done.
  await settleSent(sent, deps.deliver, failed);
  const outcomes = await Promise.all(
    settled.map(async (s) => {
      if (s.status !== 'fulfilled') return undefined;
      if (s.value.outcome === 'refused') return (await park(s.value, deps)).outcome;
      return s.value.outcome === 'sent' ? 'delivered' : s.value.outcome;
    }),
  );
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.length > 0)
    throw new AlertStepRetryError(failures, `${failures.length} of ${step.alerts.length} targets failed for now`);
  return Object.fromEntries(
    outcomes.flatMap((outcome, i) => (outcome ? [[step.alerts[i]?.target ?? String(i), outcome]] : [])),
  );
};
