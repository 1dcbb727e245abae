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
  /**
   * Whether another worker is sending `target` the alert of `job`'s step right now (holds its claim).
   * Without it every failed attempt counts towards its level's failure.
   */
  readonly sendingElsewhere?: (job: AlertJob, target: string) => Promise<boolean>;
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

const levelOf = (job: AlertJob): string => `${job.escalationId}:L${job.level}:R${job.round}`;

const failsALevel = (effect: DeliveryEffect | undefined): boolean =>
  effect?.audit.some((entry) => entry.type === 'escalation.level_failed') ?? false;

/** Per level (`levelOf`) of the failing records, the targets another worker is sending to now. */
const sendingNow = async (
  failing: readonly AttemptRecord[],
  theCase: Case,
  config: SundownConfig,
  sendingElsewhere: (job: AlertJob, target: string) => Promise<boolean>,
): Promise<Map<string, ReadonlySet<string>>> => {
  const levels = new Map(failing.map(({ job }) => [levelOf(job), job]));
  const asked = [...levels.entries()].map(async ([level, job]) => {
    const targets = chainOf(theCase, job, config)?.levels[job.level - 1]?.notify ?? [];
    const held = await Promise.all(targets.map((target) => sendingElsewhere(job, target)));
    return [level, new Set(targets.filter((_, i) => held[i]))] as const;
  });
  return new Map(await Promise.all(asked));
};

/** Each record sees the ones before it: the first delivery of a level is the one that says so. */
const recordOnCase = (
  theCase: Case,
  records: readonly AttemptRecord[],
  config: SundownConfig,
  now: string,
  sending: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
) => {
  let escalations = theCase.escalations ?? [];
  const effects = records.map(({ job, attempt }) => {
    const chain = chainOf({ ...theCase, escalations }, job, config);
    const effect = chain
      ? recordDelivery(
          { ...theCase, escalations },
          job,
          attempt,
          chain,
          config.alerts.fallback,
          now,
          sending.get(levelOf(job)),
        )
      : undefined;
    if (effect) escalations = escalations.map((e) => (e.id === effect.escalation.id ? effect.escalation : e));
    return effect;
  });
  return { escalations, effects };
};

/** One target's attempt at one job. */
export interface AttemptRecord {
  readonly job: AlertJob;
  readonly attempt: DeliveryAttempt;
}

/**
 * Records the attempt; returns the fallback job to deliver, if the chain ran out of working targets.
 * `read` is the case as the caller just read it: the first write tries it, a conflict reads again.
 */
export const recordDeliveryAttempt = async (
  job: AlertJob,
  attempt: DeliveryAttempt,
  deps: RecordDeliveryDeps,
  read?: Case,
): Promise<DeliveryEffect | undefined> => (await recordDeliveryAttempts([{ job, attempt }], deps, read))[0];

/**
 * Records several attempts on one case in one write (the targets of one escalation step, delivered
 * side by side, would otherwise each write the case and conflict with one another). Returns each
 * record's effect, undefined where the case had nothing to record for it.
 */
export const recordDeliveryAttempts = async (
  records: readonly AttemptRecord[],
  deps: RecordDeliveryDeps,
  read?: Case,
): Promise<(DeliveryEffect | undefined)[]> => {
  const [first] = records;
  if (!first) return [];
  const caseId = first.job.caseId;
  if (records.some((r) => r.job.caseId !== caseId)) throw new Error('delivery records of one write share one case');
  for (let write = 1; write <= MAX_WRITES; write++) {
    const theCase = write === 1 && read ? read : await deps.store.getCase(caseId);
    if (!theCase) return records.map(() => undefined);
    const now = deps.clock.now().toISOString();
    let { escalations, effects } = recordOnCase(theCase, records, deps.config, now);
    // A copy of the step racing this one may be sending a target of the failing level now (after a
    // failure there, or instead of it): that target has not failed yet, and the level waits for the
    // holder's own write. Asked after reading the case: a copy releases a failed target's claim before
    // writing, so the last writer finds free every claim but live ones. A dead copy's lease (60 s)
    // runs out before SQS redelivers a step (180 s), so the retry decides then.
    const failing = records.filter((_, i) => failsALevel(effects[i]));
    if (failing.length > 0 && deps.sendingElsewhere) {
      const sending = await sendingNow(failing, theCase, deps.config, deps.sendingElsewhere);
      ({ escalations, effects } = recordOnCase(theCase, records, deps.config, now, sending));
    }
    if (effects.every((effect) => effect === undefined)) return effects;
    const audit = effects.flatMap((effect, i) => {
      const job = records[i]?.job;
      if (!effect || !job) return [];
      return sundownAudit(effect.audit, {
        caseId,
        at: now,
        newId: deps.newId,
        context: (detail) => ({ clock: job.clock, escalation: job.escalationId, kind: job.kind, ...detail }),
      });
    });
    const failovers = effects.flatMap((effect) => (effect?.failover ? [effect.failover] : []));
    try {
      await deps.store.saveCase({
        case: { ...theCase, escalations, updatedAt: now, version: theCase.version + 1 },
        expectedVersion: theCase.version,
        audit,
        ...(failovers.length > 0 && { timers: failovers }),
      });
      return effects;
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
  }
  throw new VersionConflictError(
    `case ${caseId} kept changing while recording the delivery of ${records.map((r) => r.job.alertId).join(', ')}`,
  );
};
