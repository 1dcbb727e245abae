/**
 * The rules a brand sets for its cases, in the domain's words: SLA policies, business calendars,
 * escalation chains, departments and reply windows. config/ validates sundown.config.json into
 * these shapes (its schemas are checked against them), so the domain never imports config.
 * Durations are ISO-8601 strings such as PT15M.
 */
import type { Channel, Priority } from './case.ts';
import type { ClockName, ClockTargets } from './sla/clock-table.ts';
import type { SuppressionConfig } from './triage/rules.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Calendar {
  readonly timeZone: string;
  /** Opening spans (`09:00-17:30`) per weekday in the calendar's time zone; a missing day is closed. */
  readonly hours: Readonly<Partial<Record<Weekday, readonly string[]>>>;
  /** Whole days closed, `YYYY-MM-DD` in the calendar's time zone. */
  readonly holidays: readonly string[];
}

export type SlaPolicy = ClockTargets & {
  readonly name: string;
  /** Every given criterion must hold; an empty match fits every case. */
  readonly match: { readonly priorities?: readonly Priority[]; readonly channels?: readonly Channel[] };
  /** Clocks run around the clock or only in the named calendar's business hours. */
  readonly hours: '24x7' | { readonly calendar: string };
  /** Warn before breach at this fraction of each target. */
  readonly warnAt?: number;
  readonly pauseWhileWaitingOnCustomer: readonly ClockName[];
  readonly pauseWhileHandedOff: readonly ClockName[];
  /** The escalation chain walked at breach. */
  readonly escalation: string;
};

export interface EscalationLevel {
  /** Alert targets notified at this level, by name. */
  readonly notify: readonly string[];
  /** How long after the previous level this level fires; level 1 fires at the breach itself. */
  readonly after: string;
}

export interface EscalationChain {
  readonly levels: readonly EscalationLevel[];
  /** Rounds after the last level, or until the case is answered. */
  readonly repeat: number | 'untilAnswered';
  readonly repeatAfter: string;
  /** An acknowledgement holds the chain this long. */
  readonly holdAfterAcknowledge: string;
}

/** A team cases are handed off to and feedback is routed to. */
export interface Department {
  readonly description?: string;
  readonly notify: readonly string[];
  readonly acknowledgeWithin: string;
  readonly escalation?: string;
}

/** A platform that only allows free-form replies for a while after the customer's last message. */
export interface ReplyWindow {
  readonly length: string;
  readonly warnBefore: string;
}

/** The parts of the configuration the domain's rules read. */
export interface DomainConfig {
  readonly brand: { readonly timeZone: string };
  readonly cases: { readonly checkBackAfter?: string };
  readonly calendars: Readonly<Record<string, Calendar>>;
  readonly sla: { readonly policies: readonly SlaPolicy[]; readonly sundownCalendar?: string };
  readonly escalationChains: Readonly<Record<string, EscalationChain>>;
  readonly departments: Readonly<Record<string, Department>>;
  readonly replyWindows: Readonly<Partial<Record<Channel, ReplyWindow>>>;
  readonly suppression: SuppressionConfig;
}
