/**
 * The clock rules: given a case before and after a change, which SLA clocks run, stop, pause
 * or resume. Pure and idempotent: reconciling the result again changes nothing.
 */
import type { SundownConfig } from '../../config/schema.ts';
import { CLOCK_NAMES, type SlaPolicy } from '../../config/sla-schema.ts';
import type { Case } from '../case.ts';
import { isHandedOff } from '../followups/follow-ups.ts';
import { pauseClock, resumeClock, retargetClock, startClock, stopClock } from './clock-state.ts';
import { type ClockRule, clockRules, selectPolicy } from './policy.ts';
import type { CaseSla, ClockChange, ClockName, ClockState } from './types.ts';

export interface ReconcileInput {
  /** The case before the change; undefined when it was just opened. */
  readonly before?: Case;
  /** The case as it will be stored; its `sla` is still the clocks as they were. */
  readonly after: Case;
  readonly now: string;
  readonly config: SundownConfig;
}

export interface ReconcileResult {
  readonly sla?: CaseSla;
  readonly changes: ClockChange[];
}

type Clocks = Partial<Record<ClockName, ClockState>>;

/** What a clock should be doing: running (started at `startAt` if it needs a new run) or stopped. */
type Wanted =
  | { readonly run: true; readonly startAt: string; readonly sameRun: boolean }
  | { readonly run: false; readonly stopAt: string; readonly reason: string };

const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

/** Audit details without absent fields. */
const defined = (detail: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(detail).filter(([, value]) => value !== undefined));

const isLive = (clock: ClockState | undefined): clock is ClockState => clock !== undefined && clock.state !== 'stopped';

/**
 * When the customer first wrote. Cases the intake stores carry their conversation `progress`; a
 * case without it (written before, or built by hand) counts from its opening.
 */
const customerSince = (theCase: Case): string | undefined =>
  theCase.firstInboundAt ?? (theCase.progress ? undefined : theCase.openedAt);

/**
 * The resolution clock's first run counts from the customer's first message, and moves back when
 * an earlier message is delivered after a later one; a reopened case's run counts from the reopen.
 */
const resolutionRun = (clock: ClockState | undefined, restartAt: string, firstInboundAt: string) =>
  isLive(clock) && clock.generation === 1 && isBefore(firstInboundAt, clock.startedAt)
    ? { startAt: firstInboundAt, sameRun: false }
    : { startAt: restartAt, sameRun: isLive(clock) };

/**
 * A running clock started at a customer message (one still unanswered) later than `earliest`: an
 * earlier message was delivered after it. A run started by a reopen starts at the reopen, no message.
 */
const startedForLaterMessage = (clock: ClockState | undefined, earliest: string, theCase: Case): boolean =>
  isLive(clock) &&
  isBefore(earliest, clock.startedAt) &&
  (theCase.progress?.unanswered.includes(clock.startedAt) ?? false);

/** A clock an answer stopped, asked to run again: the answer was taken back (its send failed). */
const answerTakenBack = (clock: ClockState | undefined): boolean =>
  clock?.state === 'stopped' && (clock.stopReason === 'responded' || clock.stopReason === 'answered');

const wanted = (name: ClockName, clock: ClockState | undefined, theCase: Case, now: string): Wanted | undefined => {
  const { status, firstResponseAt, awaitingResponseSince, resolvedAt, lastOutboundAt } = theCase;
  const firstInboundAt = customerSince(theCase);
  // A conversation the brand started owes nobody an answer until the customer writes.
  if (!firstInboundAt) return isLive(clock) ? { run: false, stopAt: now, reason: 'no customer message' } : undefined;
  if (status === 'resolved') return { run: false, stopAt: resolvedAt ?? now, reason: 'resolved' };
  // After the first run, a clock that starts again starts now (a reopen).
  const restartAt = clock ? now : firstInboundAt;
  switch (name) {
    case 'firstResponse':
      if (firstResponseAt) return { run: false, stopAt: firstResponseAt, reason: 'responded' };
      // A run started for a customer message later than one delivered since moves back to that earlier message,
      // and a run an answer stopped that was then taken back (its send failed) counts from the customer again.
      if (startedForLaterMessage(clock, firstInboundAt, theCase) || answerTakenBack(clock))
        return { run: true, startAt: firstInboundAt, sameRun: false };
      return { run: true, startAt: restartAt, sameRun: isLive(clock) };
    case 'resolution':
      return { run: true, ...resolutionRun(clock, restartAt, firstInboundAt) };
    case 'nextResponse':
      if (!firstResponseAt || !awaitingResponseSince) {
        return clock ? { run: false, stopAt: lastOutboundAt ?? now, reason: 'answered' } : undefined;
      }
      if (startedForLaterMessage(clock, awaitingResponseSince, theCase)) {
        return { run: true, startAt: awaitingResponseSince, sameRun: false };
      }
      return {
        run: true,
        // A wait the last run already covered (the case was resolved over it) counts from the reopen;
        // a wait whose answer was taken back counts from the customer's message.
        startAt:
          clock?.stoppedAt && !answerTakenBack(clock) && !isBefore(clock.stoppedAt, awaitingResponseSince)
            ? now
            : awaitingResponseSince,
        // A run that started at or after the oldest unanswered message already covers it.
        sameRun: isLive(clock) && !isBefore(clock.startedAt, awaitingResponseSince),
      };
  }
};

const started = (clock: ClockState, policy: string): ClockChange => ({
  type: 'sla.clock_started',
  clock: clock.name,
  detail: defined({
    policy,
    generation: clock.generation,
    startedAt: clock.startedAt,
    target: clock.target,
    dueAt: clock.dueAt,
    warnAt: clock.warnAt,
  }),
});

/** Starts, stops and restarts one clock to match the case. */
const followCase = (clock: ClockState | undefined, rule: ClockRule, theCase: Case, now: string, policy: string) => {
  const changes: ClockChange[] = [];
  const want = wanted(rule.name, clock, theCase, now);
  let next = clock;
  if (want?.run && !want.sameRun) {
    next = startClock(rule, want.startAt, (clock?.generation ?? 0) + 1);
    changes.push(started(next, policy));
  }
  const since = customerSince(theCase);
  // A first response recorded against a later message or a later answer than the ones now known
  // (they arrived out of order) is recorded again from the customer's first message to the first answer.
  // So is a running one started at a later message than the answer that now stops it.
  const misplaced =
    rule.name === 'firstResponse' &&
    want?.run === false &&
    want.reason === 'responded' &&
    since !== undefined &&
    clock !== undefined &&
    (clock.state === 'stopped'
      ? clock.startedAt !== since || clock.stoppedAt !== want.stopAt
      : isBefore(want.stopAt, clock.startedAt));
  if (misplaced && clock) {
    next = startClock(rule, since, clock.generation + 1);
    changes.push(started(next, policy));
  }
  if (want && !want.run && rule.name !== 'nextResponse' && !clock) {
    // A first look at a case that is already answered or resolved still records the clock.
    next = startClock(rule, customerSince(theCase) ?? theCase.openedAt, 1);
    changes.push(started(next, policy));
  }
  if (want && !want.run && isLive(next)) {
    next = stopClock(next, want.stopAt, want.reason);
    const { generation, stoppedAt, dueAt, met, remainingMs } = next;
    const detail = defined({ generation, stoppedAt, dueAt, met, remainingMs, reason: want.reason });
    changes.push({ type: 'sla.clock_stopped', clock: rule.name, detail });
  }
  return { clock: next, changes };
};

/** Pauses the listed clocks while the case waits on the customer, and resumes them after. */
const followWaiting = (clock: ClockState, rule: ClockRule, theCase: Case, policy: SlaPolicy, now: string) => {
  const pauses =
    (theCase.status === 'waiting_on_customer' && policy.pauseWhileWaitingOnCustomer.includes(rule.name)) ||
    (isHandedOff(theCase) && policy.pauseWhileHandedOff.includes(rule.name));
  if (clock.state === 'running' && pauses) {
    const paused = pauseClock(clock, rule, now);
    const detail = defined({ generation: paused.generation, pausedAt: now, remainingMs: paused.remainingMs });
    return { clock: paused, change: { type: 'sla.clock_paused', clock: rule.name, detail } as const };
  }
  if (clock.state === 'paused' && !pauses) {
    const resumed = resumeClock(clock, rule, now);
    const { generation, dueAt, warnAt } = resumed;
    const detail = defined({ generation, resumedAt: now, remainingMs: clock.remainingMs, dueAt, warnAt });
    return { clock: resumed, change: { type: 'sla.clock_resumed', clock: rule.name, detail } as const };
  }
  return { clock };
};

/** Moves live clocks onto the new policy's targets, keeping their start and the time they used. */
const changePolicy = (previous: CaseSla, rules: Partial<Record<ClockName, ClockRule>>, input: ReconcileInput) => {
  const { config, now, after } = input;
  const oldPolicy = config.sla.policies.find((policy) => policy.name === previous.policy);
  const oldRules = oldPolicy ? clockRules(oldPolicy, config) : {};
  const clocks: Clocks = {};
  const moved: Record<string, unknown> = {};
  const dropped: ClockName[] = [];
  for (const clock of Object.values(previous.clocks)) {
    const rule = rules[clock.name];
    if (!rule) dropped.push(clock.name);
    else if (clock.state === 'stopped') clocks[clock.name] = clock;
    else {
      const next = retargetClock(clock, oldRules[clock.name], rule, now);
      clocks[clock.name] = next;
      const { target, dueAt, remainingMs } = next;
      moved[clock.name] = defined({
        target,
        dueAt,
        remainingMs,
        previousTarget: clock.target,
        previousDueAt: clock.dueAt,
      });
    }
  }
  const detail = { from: previous.policy, priority: after.priority, channels: after.channels, clocks: moved, dropped };
  return { clocks, detail };
};

export const reconcileSla = (input: ReconcileInput): ReconcileResult => {
  const { before, after, now, config } = input;
  const policy = selectPolicy(config.sla.policies, after);
  if (!policy) return { changes: [] };
  const rules = clockRules(policy, config);
  const previous = after.sla ?? before?.sla;
  const changes: ClockChange[] = [];
  let clocks: Clocks = { ...previous?.clocks };
  if (previous && previous.policy !== policy.name) {
    const changed = changePolicy(previous, rules, input);
    clocks = changed.clocks;
    changes.push({ type: 'sla.policy_changed', detail: { ...changed.detail, to: policy.name } });
  }
  for (const name of CLOCK_NAMES) {
    const rule = rules[name];
    if (!rule) continue;
    const followed = followCase(clocks[name], rule, after, now, policy.name);
    changes.push(...followed.changes);
    if (!followed.clock) continue;
    const waiting = followWaiting(followed.clock, rule, after, policy, now);
    if (waiting.change) changes.push(waiting.change);
    clocks[name] = waiting.clock;
  }
  return { sla: { policy: policy.name, clocks }, changes };
};
