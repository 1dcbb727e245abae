/**
 * The alert worker's use case: turn one alert job (one alert, one target) into the message
 * the target understands, unless it is no longer needed, and deliver it once. A failing
 * target fails only its own job; SQS retries it and parks it on the DLQ in the end.
 */
import { type Alert, alertIdentity, breachDedupKey } from '../alerts/alert.ts';
import { logger } from '../commons/logger.ts';
import type { SundownConfig } from '../config/schema.ts';
import type { Case, CaseDetail } from '../domain/case.ts';
import { levelAlertId } from '../domain/delivery.ts';
import { type AcknowledgementJob, type AlertJob, resumeNote } from '../domain/escalation.ts';
import { suppressedAlertDeferral } from '../domain/triage/deferral.ts';
import { suppressedAlertSkip } from '../domain/triage/suppression.ts';
import type { CaseLinks, CaseStore, Claims, Clock, Notifier, NotifierTarget } from '../ports.ts';
import { holdBackAlert } from './deferred-alerts.ts';
import { type AttemptRecord, failedAttempt, recordDeliveryAttempts } from './record-delivery.ts';

export interface DeliverDeps {
  readonly store: CaseStore;
  readonly claims: Claims;
  readonly clock: Clock;
  readonly config: SundownConfig;
  /** Reaches the targets named in the config; the use case knows only their capabilities. */
  readonly notifier: Notifier;
  /** Signs the case page and one-click links the alerts carry. */
  readonly links: CaseLinks;
  /** Ids for the audit entries of delivery outcomes; without it outcomes are not recorded on the case. */
  readonly newId?: () => string;
}

export type DeliverOutcome =
  | { readonly outcome: 'delivered'; readonly target: string }
  | { readonly outcome: 'skipped'; readonly reason: string }
  | { readonly outcome: 'deferred'; readonly until: string }
  | { readonly outcome: 'duplicate' };

/** Why this job no longer needs delivering, if it does not. */
type RaisedAlertJob = Exclude<AlertJob, AcknowledgementJob>;

const noLongerNeeded = (
  job: RaisedAlertJob,
  detail: CaseDetail,
  target: NotifierTarget,
  deps: Pick<DeliverDeps, 'clock' | 'config'>,
): string | undefined => {
  // Warnings of a suppressed case are skipped at night; its breach and chain alerts are deferred (below).
  const quiet =
    job.kind === 'warning' && suppressedAlertSkip(detail.case, target.capabilities, deps.clock.now(), deps.config);
  if (quiet) return quiet;
  const escalation = detail.case.escalations?.find((e) => e.id === job.escalationId);
  if (job.kind === 'breach' || job.kind === 'escalation') {
    if (!escalation) return 'the escalation was never recorded';
    if (escalation.endedAt) return `the escalation ended (${escalation.endReason})`;
    if (escalation.heldUntil)
      return `acknowledged by ${escalation.acknowledgedBy ?? 'someone'}: held until ${escalation.heldUntil}`;
  }
  if (job.kind === 'warning') {
    const clock = detail.case.sla?.clocks[job.clock];
    if (clock?.state !== 'running') return 'the clock is no longer running';
    if (clock.breachedAt) return 'the clock already breached';
  }
  return undefined;
};

/** The breach generation an alert job belongs to, from its escalation id (`<clock>:<generation>`). */
const generationOf = (job: AlertJob): number => Number(job.escalationId.split(':')[1] ?? 0);

/** What a raised alert carries besides the case: its signed links, asked for while the case is read. */
interface SignedParts {
  readonly links: Awaited<ReturnType<CaseLinks['sign']>>;
  readonly callbackMarker: string;
}

const signParts = async (job: RaisedAlertJob, target: NotifierTarget, deps: DeliverDeps): Promise<SignedParts> => {
  const { acknowledges, resolves } = target.capabilities;
  const actions = [
    'view',
    ...(acknowledges ? ['ack' as const] : []),
    ...(resolves ? ['resolve' as const] : []),
  ] as const;
  const generation = generationOf(job);
  const [links, callbackMarker] = await Promise.all([
    deps.links.sign({ caseId: job.caseId, actions, issuedAt: deps.clock.now() }),
    deps.links.marker(breachDedupKey(job.caseId, job.clock, generation)),
  ]);
  return { links, callbackMarker };
};

const buildAlert = (job: RaisedAlertJob, detail: CaseDetail, signedParts: SignedParts, deps: DeliverDeps): Alert => {
  const now = deps.clock.now();
  const theCase = detail.case;
  const generation = generationOf(job);
  const { kind, level, round } = job;
  const identity = alertIdentity({ caseId: theCase.id, clock: job.clock, generation, kind, level, round });
  const latest = [...detail.messages].reverse().find((m) => m.direction === 'inbound');
  const clock = job.clock === 'followUp' ? undefined : theCase.sla?.clocks[job.clock];
  const escalation = theCase.escalations?.find((e) => e.id === job.escalationId);
  const followUp =
    job.clock === 'followUp' ? theCase.followUps?.find((f) => f.id === escalation?.followUpId) : undefined;
  const note = escalation && job.round === escalation.round ? resumeNote(escalation, now) : undefined;
  const { links } = signedParts;
  return {
    ...identity,
    callbackMarker: signedParts.callbackMarker,
    kind: job.kind,
    caseId: theCase.id,
    caseUrl: links.view ?? '',
    ...(links.ack && { ackUrl: links.ack }),
    ...(links.resolve && { resolveUrl: links.resolve }),
    brand: theCase.brand,
    channel: latest?.channel ?? theCase.channels[0] ?? 'other',
    priority: theCase.priority,
    clock: job.clock,
    ...(followUp && {
      followUp: {
        id: followUp.id,
        kind: followUp.kind,
        description: followUp.description,
        ...(followUp.department && { department: followUp.department }),
      },
    }),
    ...(note && { note }),
    level: job.kind === 'warning' ? 0 : job.level,
    round: job.round,
    customer: {
      ...(theCase.customerName && { name: theCase.customerName }),
      ...(theCase.customerHandle && { handle: theCase.customerHandle }),
      ...(latest?.author.followers !== undefined && { followers: latest.author.followers }),
      ...(latest?.author.verified !== undefined && { verified: latest.author.verified }),
    },
    ...(theCase.assignee && { assignee: theCase.assignee }),
    latestCustomerText: latest?.text ?? theCase.subject,
    ...(latest?.url && { postUrl: latest.url }),
    waitingSince: theCase.awaitingResponseSince ?? theCase.openedAt,
    dueAt: clock?.dueAt ?? escalation?.breachedAt ?? now.toISOString(),
    raisedAt: escalation?.lastAlertAt ?? now.toISOString(),
  };
};

/** Longer than one delivery attempt can take (a 5 s timeout per request). */
const CLAIM_LEASE_SECONDS = 60;

const claimKey = (alertId: string): string => `alert:${alertId}`;

/** An alert job arrived twice and the other copy is being delivered right now; SQS retries this one later. */
export class AlertInFlightError extends Error {}

/** What a raised alert is made of: the case as it stands, and its signed links (or why they failed). */
interface AlertInputs {
  readonly detail: CaseDetail | undefined;
  readonly signed: PromiseSettledResult<SignedParts>;
}

const readAlertInputs = async (job: RaisedAlertJob, target: NotifierTarget, deps: DeliverDeps) => {
  const [detail, signed] = await Promise.allSettled([
    deps.store.getCaseDetail(job.caseId),
    signParts(job, target, deps),
  ]);
  if (detail.status === 'rejected') throw detail.reason;
  return { detail: detail.value, signed } satisfies AlertInputs;
};

/** Only a raised alert reads the case; acknowledgements, and resolutions to a target that does not page, do not. */
const readsTheCase = (job: AlertJob, target: NotifierTarget): job is RaisedAlertJob =>
  job.kind !== 'acknowledged' && (job.kind !== 'resolved' || target.capabilities.pages);

/**
 * A target took the alert; its claim stays held until the delivery is recorded on the case
 * (`settleSent`), so a crash in between sends the same alert id again rather than never recording it.
 */
export interface SentAlert {
  readonly outcome: 'sent';
  readonly job: AlertJob;
  readonly key: string;
  /** The case as read before sending: the record's first write tries it. */
  readonly read: Case;
}

/** A target's failed send, kept to be recorded with the step's deliveries (`settleSent`). */
export interface FailedSend extends AttemptRecord {
  readonly read: Case;
}

/** Where a failed send is kept until `settleSent` records it. */
export type KeepFailure = (failure: FailedSend) => void;

/**
 * Claims the job and sends it, unless it is a duplicate or no longer needed. A sent alert is
 * returned, and a failed send kept (then thrown), to be settled with the others of its step.
 * `attempt` is the alert queue's receive count.
 */
export const sendAlertJob = async (
  job: AlertJob,
  deps: DeliverDeps,
  attempt: number,
  keepFailure: KeepFailure,
): Promise<DeliverOutcome | SentAlert> => {
  const key = claimKey(job.alertId);
  const target = deps.notifier.target(job.target);
  // Read while the claim is taken: one round trip before the alert goes out, not three one after
  // the other. A copy that finds the claim done or busy has read for nothing, which is rare.
  const [claim, inputs] = await Promise.allSettled([
    deps.claims.claim(key, CLAIM_LEASE_SECONDS),
    target && readsTheCase(job, target) ? readAlertInputs(job, target, deps) : undefined,
  ]);
  if (claim.status === 'rejected') throw claim.reason;
  if (claim.value === 'done') return { outcome: 'duplicate' };
  if (claim.value === 'busy') throw new AlertInFlightError(`alert ${job.alertId} is being delivered by another worker`);
  try {
    if (inputs.status === 'rejected') throw inputs.reason;
    return await deliverClaimed(job, key, deps, attempt, inputs.value, keepFailure);
  } catch (error) {
    await deps.claims.release(key);
    throw error;
  }
};

/**
 * Records the sent alerts of one case in one write, with the failed sends kept beside them, then
 * completes their claims. The deliveries come first: a level one of whose targets took the alert
 * never counts as failed. If the write fails the claims are released and the error thrown: the
 * queue retries, sending the same alert ids again (receivers drop the copies) and recording them then.
 */
export const settleSent = async (
  sent: readonly SentAlert[],
  deps: DeliverDeps,
  failed: readonly FailedSend[] = [],
): Promise<DeliverOutcome[]> => {
  try {
    await recordSettled(sent, failed, deps);
  } catch (error) {
    await Promise.all(sent.map(({ key }) => deps.claims.release(key)));
    throw error;
  }
  const delivered = deps.clock.now().toISOString();
  await Promise.all(sent.map(({ job, key }) => deps.claims.complete(key, { delivered, target: job.target })));
  return sent.map(({ job }) => ({ outcome: 'delivered', target: job.target }));
};

const recordSettled = async (
  sent: readonly SentAlert[],
  failed: readonly FailedSend[],
  deps: DeliverDeps,
): Promise<void> => {
  const { newId } = deps;
  if (!newId) return;
  const records = [
    ...sent.map(({ job, read }) => ({ job, read, attempt: { state: 'delivered' } as const })),
    ...failed,
  ];
  const byCase = new Map<string, FailedSend[]>();
  for (const one of records) byCase.set(one.job.caseId, [...(byCase.get(one.job.caseId) ?? []), one]);
  // A target of the level whose claim another copy of the step holds is being sent to: not failed yet.
  const sendingElsewhere = async (job: AlertJob, target: string): Promise<boolean> => {
    const alertId = levelAlertId(job, target);
    return alertId !== undefined && deps.claims.held(claimKey(alertId));
  };
  const effects = await Promise.all(
    [...byCase.values()].map((ofCase) =>
      recordDeliveryAttempts(ofCase, { ...deps, newId, sendingElsewhere }, ofCase[0]?.read),
    ),
  );
  for (const effect of effects.flat()) if (effect?.fallback) await tryFallback(effect.fallback, deps);
};

/** `attempt` is the alert queue's receive count: 1 for the first delivery. */
export const deliverAlertJob = async (job: AlertJob, deps: DeliverDeps, attempt = 1): Promise<DeliverOutcome> => {
  const failed: FailedSend[] = [];
  const result = await sendAlertJob(job, deps, attempt, (failure) => failed.push(failure)).catch(async (error) => {
    // The failure is on the case (and the fallback tried, if the chain ran out) before the queue retries.
    await settleSent([], deps, failed);
    throw error;
  });
  if (result.outcome !== 'sent') return result;
  const [settled] = await settleSent([result], deps);
  return settled ?? { outcome: 'delivered', target: job.target };
};

const deliverClaimed = async (
  job: AlertJob,
  key: string,
  deps: DeliverDeps,
  attempt: number,
  inputs: AlertInputs | undefined,
  keepFailure: KeepFailure,
): Promise<DeliverOutcome | SentAlert> => {
  const skip = async (reason: string): Promise<DeliverOutcome> => {
    await deps.claims.complete(key, { skipped: reason, target: job.target });
    return { outcome: 'skipped', reason };
  };
  const target = deps.notifier.target(job.target);
  if (!target) return skip(`no alert target named ${job.target} in the config`);
  // Only a target that keeps its own incident per breach hears of what happened to the breach.
  if (job.kind === 'acknowledged' && !target.capabilities.pages)
    return skip('only paging tools are told of an acknowledgement');
  if (job.kind === 'resolved' && !target.capabilities.pages) return skip('only paging tools are told of a resolution');
  if (job.kind === 'acknowledged') {
    const generation = generationOf(job);
    await deps.notifier.follow(job.target, 'acknowledge', breachDedupKey(job.caseId, job.clock, generation));
    await deps.claims.complete(key, { delivered: deps.clock.now().toISOString(), target: job.target });
    return { outcome: 'delivered', target: job.target };
  }
  const detail = inputs?.detail;
  if (!detail || !inputs) return skip('case not found');
  const reason = job.kind === 'resolved' ? undefined : noLongerNeeded(job, detail, target, deps);
  if (reason) return skip(reason);
  const deferral =
    job.kind === 'resolved' ? undefined : suppressedAlertDeferral(detail.case, deps.clock.now(), deps.config);
  if (deferral && deps.newId) {
    await holdBackAlert(job, deferral.until, deferral.reason, { ...deps, newId: deps.newId });
    await deps.claims.complete(key, { deferred: deferral.until, target: job.target });
    return { outcome: 'deferred', until: deferral.until };
  }
  try {
    if (inputs.signed.status === 'rejected') throw inputs.signed.reason;
    await deps.notifier.alert(job.target, buildAlert(job, detail, inputs.signed.value, deps));
  } catch (error) {
    keepFailure({ job, attempt: failedAttempt(error, attempt), read: detail.case });
    throw error;
  }
  return { outcome: 'sent', job, key, read: detail.case };
};

/** The chain ran out of working targets: the fallback target is tried now, once. */
const tryFallback = async (fallback: AlertJob, deps: DeliverDeps): Promise<void> => {
  try {
    await deliverAlertJob(fallback, deps);
  } catch (fallbackError) {
    logger.error('fallback alert target failed too', {
      alertId: fallback.alertId,
      error: (fallbackError as Error).message,
    });
  }
};
