/**
 * The SLA clocks, one row each: everything else (clock names in config and queue messages,
 * labels in alerts and on the case page, dedup keys) derives from this table. A new clock is a
 * new row here, plus its target field in config/sla-schema.ts.
 */
import { type ClockRun, untilFirstAnswer, untilResolved, whileCustomerWaits } from './clock-runs.ts';

export interface ClockRow {
  /** How people read it: `first response overdue by 12 min`. */
  readonly label: string;
  /** Every SLA policy must give this clock a target. */
  readonly required: boolean;
  /** Paused while the case waits on the customer, unless a policy lists otherwise. */
  readonly pausedWhileWaitingByDefault: boolean;
  /** A case first seen already answered or resolved still records this clock, as stopped. */
  readonly recordedWhenFoundStopped: boolean;
  /** A stop recorded against a later message or answer than those now known is recorded again. */
  readonly reRecordsMovedStop: boolean;
  /** When it runs and what stops it. */
  readonly run: ClockRun;
}

export const CLOCK_TABLE = {
  firstResponse: {
    label: 'first response',
    required: true,
    pausedWhileWaitingByDefault: false,
    recordedWhenFoundStopped: true,
    reRecordsMovedStop: true,
    run: untilFirstAnswer,
  },
  nextResponse: {
    label: 'next response',
    required: false,
    pausedWhileWaitingByDefault: true,
    recordedWhenFoundStopped: false,
    reRecordsMovedStop: false,
    run: whileCustomerWaits,
  },
  resolution: {
    label: 'resolution',
    required: false,
    pausedWhileWaitingByDefault: true,
    recordedWhenFoundStopped: true,
    reRecordsMovedStop: false,
    run: untilResolved,
  },
} as const satisfies Record<string, ClockRow>;

export type ClockName = keyof typeof CLOCK_TABLE;
export const CLOCK_NAMES = Object.keys(CLOCK_TABLE) as [ClockName, ...ClockName[]];

/** What a timer or an escalation counts against: an SLA clock, or one of the case's follow-ups. */
export const FOLLOW_UP_CLOCK = 'followUp';
export type Deadline = ClockName | typeof FOLLOW_UP_CLOCK;
export const DEADLINES = [...CLOCK_NAMES, FOLLOW_UP_CLOCK] as [Deadline, ...Deadline[]];

export const DEADLINE_LABELS: Readonly<Record<Deadline, string>> = {
  ...(Object.fromEntries(CLOCK_NAMES.map((name) => [name, CLOCK_TABLE[name].label])) as Record<ClockName, string>),
  [FOLLOW_UP_CLOCK]: 'follow-up',
};

type RequiredClock = { [K in ClockName]: (typeof CLOCK_TABLE)[K]['required'] extends true ? K : never }[ClockName];

/** A policy's target per clock: an ISO-8601 duration or `sundown`; optional clocks may be left out. */
export type ClockTargets = { readonly [K in RequiredClock]: string } & {
  readonly [K in Exclude<ClockName, RequiredClock>]?: string;
};

export const DEFAULT_PAUSED_WHILE_WAITING: readonly ClockName[] = CLOCK_NAMES.filter(
  (name) => CLOCK_TABLE[name].pausedWhileWaitingByDefault,
);
