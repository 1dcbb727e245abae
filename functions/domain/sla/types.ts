/**
 * SLA clock state stored on each case, and the timers it asks for. Pure data: the rules
 * live beside this file, the due-time index and the sweeper in the adapters.
 */
import type { Timer, TimerKind } from '../queue-messages.ts';
import type { ClockName, Deadline } from './clock-table.ts';

export type { ClockName, Deadline, Timer, TimerKind };

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
