/**
 * The clock rules: given a case before and after a change, which SLA clocks run, stop, pause
 * or resume. Pure and idempotent: reconciling the result again changes nothing.
 */
import type { Case } from '../case.ts';
import { isHandedOff } from '../followups/follow-ups.ts';
import type { DomainConfig, SlaPolicy } from '../policies.ts';
import { customerSince, isBefore, isLive, type Wanted } from './clock-runs.ts';
import { pauseClock, resumeClock, retargetClock, startClock, stopClock } from './clock-state.ts';
import { CLOCK_NAMES, CLOCK_TABLE } from './clock-table.ts';
import { type ClockRule, clockRules, selectPolicy } from './policy.ts';
import type { CaseSla, ClockChange, ClockName, ClockState } from './types.ts';

export interface ReconcileInput {
  /** The case before the change; undefined when it was just opened. */
  readonly before?: Case;
  /** The case as it will be stored; its `sla` is still the clocks as they were. */
  readonly after: Case;
  readonly now: string;
  readonly config: DomainConfig;
}

export interface ReconcileResult {
  readonly sla?: CaseSla;
  readonly changes: ClockChange[];
}

type Clocks = Partial<Record<ClockName, ClockState>>;

/** Audit details without absent fields. */
const defined = (detail: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(detail).filter(([, value]) => value !== undefined));

const wanted = (name: ClockName, clock: ClockState | undefined, theCase: Case, now: string): Wanted | undefined => {
  const firstInboundAt = customerSince(theCase);
  // A conversation the brand started owes nobody an answer until the customer writes.
  if (!firstInboundAt) return isLive(clock) ? { run: false, stopAt: now, reason: 'no customer message' } : undefined;
  if (theCase.status === 'resolved') return { run: false, stopAt: theCase.resolvedAt ?? now, reason: 'resolved' };
  // After the first run, a clock that starts again starts now (a reopen).
  const restartAt = clock ? now : firstInboundAt;
  return CLOCK_TABLE[name].run({ clock, theCase, now, firstInboundAt, restartAt });
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
    CLOCK_TABLE[rule.name].reRecordsMovedStop &&
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
  if (want && !want.run && CLOCK_TABLE[rule.name].recordedWhenFoundStopped && !clock) {
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
