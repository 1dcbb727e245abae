/**
 * SLA clock state stored on each case, and the timers it asks for. Pure data: the rules
 * live beside this file, the due-time index and the sweeper in the adapters.
 */
import type { ClockName } from '../../config/sla-schema.ts';

export type { ClockName };

/** What a timer or an escalation counts against: an SLA clock, or one of the case's follow-ups. */
export type Deadline = ClockName | 'followUp';

export interface ClockState {
  readonly name: ClockName;
  readonly state: 'running' | 'paused' | 'stopped';
  /** Increments every time the clock (re)starts; a timer from an older generation is stale. */
  readonly generation: number;
  readonly startedAt: string;
  /** The configured target: an ISO-8601 duration or `sundown`. */
  readonly target: string;
  /** While running: when the target is missed. */
  readonly dueAt?: string;
  /** While running, when the policy warns: the pre-breach warning time. */
  readonly warnAt?: string;
  readonly pausedAt?: string;
  /** While paused: milliseconds of (business) time left to the deadline. */
  readonly remainingMs?: number;
  readonly stoppedAt?: string;
  readonly warnedAt?: string;
  readonly breachedAt?: string;
  /** Once stopped: whether it stopped before its deadline. */
  readonly met?: boolean;
  /**
   * Once stopped: why (`responded`, `answered`, `resolved`, `no customer message`). An answer taken
   * back (a failed send) restarts a clock stopped by it from the customer's message, not from now.
   */
  readonly stopReason?: string;
}

export interface CaseSla {
  /** Name of the policy that applies (from sundown.config.json sla.policies). */
  readonly policy: string;
  readonly clocks: Readonly<Partial<Record<ClockName, ClockState>>>;
}

/** `deferred`: a suppression calendar opens and a suppressed case's held-back alerts go out. */
export type TimerKind = 'warning' | 'breach' | 'escalation' | 'deferred';

/**
 * A deadline the due-time index holds; the timer worker re-checks it against the case before acting.
 * A follow-up's timers have clock `followUp` and its `seq` as generation: `warning` before a reply
 * window closes, `breach` when it is due.
 */
export interface Timer {
  readonly caseId: string;
  /** Deterministic: the same deadline always has the same key, so re-scheduling is idempotent. */
  readonly key: string;
  readonly kind: TimerKind;
  readonly clock: Deadline;
  readonly generation: number;
  readonly dueAt: string;
  /** Escalation timers: the level (1-based) and the round (0-based, for repeats) they fire. */
  readonly level?: number;
  readonly round?: number;
  /** Escalation timers: the end of an acknowledgement's hold, when an unanswered case's chain resumes. */
  readonly resumes?: boolean;
}

/** What happened to the clocks, for the audit log. */
export interface ClockChange {
  readonly type:
    | 'sla.clock_started'
    | 'sla.clock_stopped'
    | 'sla.clock_paused'
    | 'sla.clock_resumed'
    | 'sla.policy_changed';
  readonly clock?: ClockName;
  readonly detail: Readonly<Record<string, unknown>>;
}
