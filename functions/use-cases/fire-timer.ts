/**
 * The timer worker's use case: a deadline from the due-time index arrived. Re-read the case,
 * act only if the deadline still holds, and apply the effect exactly once (the timer key is
 * the idempotency key of the case write). Alerts and domain events go out after the write; the
 * events are kept on the timer's marker, not in the outbox (no outbox write and delete per
 * fired timer), so a retried timer whose effect is already stored sends its alerts and
 * publishes its events again; the alert worker and event consumers drop repeats by id.
 */
import { DuplicateEventError, VersionConflictError } from '../commons/errors.ts';
import type { SundownConfig } from '../config/schema.ts';
import type { AuditEntry, Case, Escalation } from '../domain/case.ts';
import {
  type AlertJob,
  advanceEscalation,
  alertJobs,
  escalationId,
  openEscalation,
  warningAlerts,
} from '../domain/escalation.ts';
import type { DomainEvent } from '../domain/events.ts';
import { followUpNotices, planFollowUpTimer } from '../domain/followups/fire.ts';
import { followUpBySeq } from '../domain/followups/follow-ups.ts';
import type { Notice } from '../domain/queue-messages.ts';
import { breachTimer, isTimerCurrent } from '../domain/sla/index.ts';
import type { ClockState, Timer } from '../domain/sla/types.ts';
import type { AlertQueue, CaseLister, CaseReader, CaseWriter, Claims, Clock, ProcessedEvents } from '../ports.ts';
import { releaseDeferredAlerts } from './deferred-alerts.ts';
import { type PublishDeps, publishOrKeep } from './publish-stored.ts';
import { sundownAudit } from './sundown-audit.ts';
import { dispatchSoon, type TimerDispatch } from './timer-dispatch.ts';

export interface FireTimerDeps extends TimerDispatch, PublishDeps {
  readonly store: CaseReader & CaseWriter & Pick<CaseLister, 'listCases'> & Pick<ProcessedEvents, 'processedEvents'>;
  readonly alertQueue: AlertQueue;
  /** Only the release of held-back alerts claims: one run per opening sends the notices. */
  readonly claims: Claims;
  readonly clock: Clock;
  readonly config: SundownConfig;
  readonly newId: () => string;
}

export type FireOutcome =
  | { readonly outcome: 'fired'; readonly alerts: number }
  | { readonly outcome: 'stale'; readonly reason: string }
  | { readonly outcome: 'replayed'; readonly alerts: number };

interface Effect {
  readonly case: Case;
  readonly audit: readonly AuditEntry[];
  readonly alerts: readonly AlertJob[];
  readonly events: readonly DomainEvent[];
  readonly notices?: readonly Notice[];
  readonly next?: Timer;
}

const MAX_ATTEMPTS = 10;

/** A follow-up's escalation walks the chain it opened with; a clock's walks its policy's chain. */
const chainFor = (theCase: Case, config: SundownConfig, timer?: Timer) => {
  if (timer?.clock === 'followUp') {
    const escalation = theCase.escalations?.find((e) => e.id === escalationId(timer.clock, timer.generation));
    const chain = escalation && config.escalationChains[escalation.chain];
    return escalation && chain ? { name: escalation.chain, chain } : undefined;
  }
  const policy = config.sla.policies.find((p) => p.name === theCase.sla?.policy);
  const chain = policy ? config.escalationChains[policy.escalation] : undefined;
  return policy && chain ? { name: policy.escalation, chain } : undefined;
};

const withClock = (theCase: Case, clock: ClockState): Case => ({
  ...theCase,
  ...(theCase.sla && { sla: { ...theCase.sla, clocks: { ...theCase.sla.clocks, [clock.name]: clock } } }),
});

const plan = (theCase: Case, timer: Timer, deps: FireTimerDeps, now: string): Effect | { stale: string } => {
  if (timer.clock === 'followUp' && timer.kind !== 'escalation') return planFollowUp(theCase, timer, deps, now);
  const found = chainFor(theCase, deps.config, timer);
  if (!found) return { stale: 'no SLA policy or escalation chain applies any more' };
  const audit = (type: string, detail: Record<string, unknown>): AuditEntry => ({
    caseId: theCase.id,
    id: deps.newId(),
    at: now,
    type,
    actor: 'sundown',
    detail: { clock: timer.clock, timer: timer.key, ...detail },
  });
  const event = (type: DomainEvent['type'], detail: Record<string, unknown>): DomainEvent => ({
    id: deps.newId(),
    type,
    version: 1,
    caseId: theCase.id,
    at: now,
    detail: { brand: theCase.brand, clock: timer.clock, priority: theCase.priority, ...detail },
  });
  const bump = (c: Case): Case => ({ ...c, updatedAt: now, version: theCase.version + 1 });
  const exhausted = (e: Escalation): AuditEntry[] =>
    e.exhaustedAt ? [audit('escalation.exhausted', { level: e.level, round: e.round, chain: e.chain })] : [];

  if (timer.kind === 'warning' || timer.kind === 'breach') {
    const clock = timer.clock === 'followUp' ? undefined : theCase.sla?.clocks[timer.clock];
    if (!clock || !isTimerCurrent(timer, theCase)) return { stale: `${timer.kind} no longer due` };
    if (timer.kind === 'warning') {
      const alerts = warningAlerts(theCase, clock.name, timer.generation, found.chain, now);
      // The index held only the warning: the breach is the clock's next deadline now.
      const breach = breachTimer(theCase.id, clock);
      return {
        case: bump(withClock(theCase, { ...clock, warnedAt: now })),
        audit: [audit('sla.warning', { dueAt: clock.dueAt, targets: alerts.map((a) => a.target) })],
        alerts,
        events: [],
        ...(breach && { next: breach }),
      };
    }
    const opened = openEscalation(theCase, timer.clock, timer.generation, found.name, found.chain, timer.dueAt, now);
    const escalations = [
      ...(theCase.escalations ?? []).filter((e) => e.id !== opened.escalation.id),
      opened.escalation,
    ];
    return {
      case: bump({ ...withClock(theCase, { ...clock, breachedAt: timer.dueAt }), escalations }),
      audit: [
        audit('sla.breached', { dueAt: timer.dueAt }),
        audit('escalation.queued', { level: 1, round: 0, targets: opened.alerts.map((a) => a.target) }),
        ...exhausted(opened.escalation),
      ],
      alerts: opened.alerts,
      events: [
        event('SlaBreached', { dueAt: timer.dueAt }),
        event('CaseEscalated', { level: 1, round: 0, escalationId: opened.escalation.id }),
      ],
      ...(opened.next && { next: opened.next }),
    };
  }

  const current = (theCase.escalations ?? []).find((e) => e.id === escalationId(timer.clock, timer.generation));
  if (!current) return { stale: 'no such escalation' };
  const advanced = advanceEscalation(theCase, current, found.chain, timer, now);
  if (!advanced) return { stale: 'escalation held by an acknowledgement, ended or already past this step' };
  const escalations = (theCase.escalations ?? []).map(
    (e): Escalation => (e.id === current.id ? advanced.escalation : e),
  );
  const step = { level: advanced.escalation.level, round: advanced.escalation.round };
  return {
    case: bump({ ...theCase, escalations }),
    audit: [
      ...(advanced.resumed
        ? [
            audit('escalation.resumed', {
              acknowledgedBy: current.acknowledgedBy,
              acknowledgedAt: current.acknowledgedAt,
              reason: 'still unanswered after the acknowledgement hold',
            }),
          ]
        : []),
      audit('escalation.queued', { ...step, targets: advanced.alerts.map((a) => a.target) }),
      ...exhausted(advanced.escalation),
    ],
    alerts: advanced.alerts,
    events: [event('CaseEscalated', { ...step, escalationId: current.id })],
    ...(advanced.next && { next: advanced.next }),
  };
};

/** A follow-up's warning or deadline: the domain decides, this adds the timer to the audit and the case. */
const planFollowUp = (theCase: Case, timer: Timer, deps: FireTimerDeps, now: string): Effect | { stale: string } => {
  const effect = planFollowUpTimer(theCase, timer, deps.config, now);
  if ('stale' in effect) return effect;
  return {
    case: { ...effect.case, updatedAt: now, version: theCase.version + 1 },
    audit: sundownAudit(effect.audit, {
      caseId: theCase.id,
      at: now,
      newId: deps.newId,
      context: (detail) => ({ ...detail, timer: timer.key }),
    }),
    alerts: effect.alerts,
    notices: effect.notices,
    events: effect.events.map(({ type, detail }) => ({
      id: deps.newId(),
      type,
      version: 1,
      caseId: theCase.id,
      at: now,
      detail: { brand: theCase.brand, priority: theCase.priority, ...detail },
    })),
    ...(effect.next && { next: effect.next }),
  };
};

/** The notices a follow-up timer whose effect is already stored sent (the alert worker drops repeats). */
const replayNotices = (theCase: Case, timer: Timer, deps: FireTimerDeps): Notice[] => {
  const followUp = timer.clock === 'followUp' ? followUpBySeq(theCase, timer.generation) : undefined;
  if (!followUp || (timer.kind === 'breach' && followUp.kind !== 'checkback')) return [];
  return timer.kind === 'escalation' ? [] : followUpNotices(theCase, followUp, deps.config);
};

/** The alerts a timer whose effect is already stored sent (or should have sent). */
const replay = (theCase: Case, timer: Timer, deps: FireTimerDeps): AlertJob[] => {
  const found = chainFor(theCase, deps.config, timer);
  if (!found) return [];
  const id = escalationId(timer.clock, timer.generation);
  if (timer.kind === 'warning') {
    return timer.clock === 'followUp'
      ? []
      : warningAlerts(theCase, timer.clock, timer.generation, found.chain, timer.dueAt);
  }
  const escalation = theCase.escalations?.find((e) => e.id === id);
  if (!escalation) return [];
  const step = { ...escalation, level: timer.level ?? 1, round: timer.round ?? 0 };
  return alertJobs(theCase, step, found.chain, timer.kind === 'breach' ? 'breach' : 'escalation');
};

/** Waits for every send to finish, then fails with the first failure, if any. */
const allSent = async (sends: readonly (Promise<unknown> | false | undefined | 0)[]): Promise<void> => {
  const failed = (await Promise.allSettled(sends)).find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
};

export const timerIdempotencyKey = (timer: Timer): string => `timer:${timer.caseId}:${timer.key}`;

/**
 * A message redriven from the timer DLQ starts again at receive count 1, but comes at least a
 * visibility timeout (180 s) after its last receive, less the worker's 30 s: events kept longer ago
 * than this may never have gone out. A copy of the timer (a deadline both swept and handed over)
 * comes within seconds of the message that fired it; a later one publishes the same ids again,
 * which consumers drop.
 */
const REDRIVEN_AFTER_MS = 120_000;

const mayBeUnpublished = (events: readonly DomainEvent[], receiveCount: number, now: Date): boolean =>
  receiveCount > 1 || events.some((event) => now.getTime() - Date.parse(event.at) >= REDRIVEN_AFTER_MS);

/**
 * `receiveCount` is the timer queue's receive count of this message. Only a retry of the same message
 * (its earlier attempt may have stopped between the write and the publish), or the message redriven
 * from the DLQ, publishes the events the write kept again; another copy of the timer (a sweep sends
 * a deadline again) does not.
 */
export const fireTimer = async (timer: Timer, deps: FireTimerDeps, receiveCount = 1): Promise<FireOutcome> => {
  if (timer.kind === 'deferred') return releaseDeferredAlerts(timer, deps);
  const key = timerIdempotencyKey(timer);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // Side by side: a copy that stores the effect between the two reads is caught by the write's
    // idempotency key (and replayed on the next round), or finds the timer no longer current.
    const [theCase, processed] = await Promise.all([
      deps.store.getCase(timer.caseId),
      deps.store.processedEvents(key, { caseId: timer.caseId }),
    ]);
    if (!theCase) return { outcome: 'stale', reason: 'case not found' };
    if (processed) {
      const alerts = replay(theCase, timer, deps);
      const notices = replayNotices(theCase, timer, deps);
      await allSent([
        deps.alertQueue.send(alerts),
        notices.length > 0 && deps.alertQueue.sendNotices(notices),
        mayBeUnpublished(processed, receiveCount, deps.clock.now()) && publishOrKeep(processed, deps),
      ]);
      return { outcome: 'replayed', alerts: alerts.length };
    }
    const now = deps.clock.now().toISOString();
    const effect = plan(theCase, timer, deps, now);
    if ('stale' in effect) return { outcome: 'stale', reason: effect.stale };
    // Stamped so a re-sweep sends it if the direct hand-over below fails (the replay path does not redo it).
    const next = effect.next && { ...effect.next, setAt: now };
    try {
      await deps.store.saveCase({
        case: effect.case,
        expectedVersion: theCase.version,
        audit: effect.audit,
        idempotencyKey: key,
        markerInCase: true,
        ...(next && { timers: [next] }),
        eventsOnMarker: effect.events,
      });
    } catch (error) {
      // Another copy of this timer got there first: go round and replay its alerts instead.
      if (error instanceof VersionConflictError || error instanceof DuplicateEventError) continue;
      throw error;
    }
    // What the write started goes out side by side: none waits for another, so the alerts are not
    // held up and the worker is free sooner. Any failure fails the timer, whose retry finds the
    // effect stored and sends its alerts, notices and events again (publishOrKeep fails only when
    // neither the bus nor the outbox takes the events).
    await allSent([
      deps.alertQueue.send(effect.alerts),
      effect.notices?.length && deps.alertQueue.sendNotices(effect.notices),
      publishOrKeep(effect.events, deps),
      next && dispatchSoon([next], deps),
    ]);
    return { outcome: 'fired', alerts: effect.alerts.length };
  }
  throw new VersionConflictError(`case ${timer.caseId} kept changing while firing ${timer.key}`);
};
