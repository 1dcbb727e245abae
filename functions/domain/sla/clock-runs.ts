/**
 * When each SLA clock runs and what stops it, given the case as it will be stored. The clock
 * table (clock-table.ts) names one of these per clock; reconcileSla applies them.
 */
import type { Case } from '../case.ts';
import type { ClockState } from './types.ts';

/** What a clock should be doing: running (started at `startAt` if it needs a new run) or stopped. */
export type Wanted =
  | { readonly run: true; readonly startAt: string; readonly sameRun: boolean }
  | { readonly run: false; readonly stopAt: string; readonly reason: string };

/** What a clock's rule sees: the case, the clock as stored, and when its customer first wrote. */
export interface RunFacts {
  readonly clock: ClockState | undefined;
  readonly theCase: Case;
  readonly now: string;
  /** The customer's first message of the case (see customerSince). */
  readonly firstInboundAt: string;
  /** Where a new run starts: the first message for a first run, now for a restart (a reopen). */
  readonly restartAt: string;
}

export type ClockRun = (facts: RunFacts) => Wanted | undefined;

export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

export const isLive = (clock: ClockState | undefined): clock is ClockState =>
  clock !== undefined && clock.state !== 'stopped';

/**
 * When the customer first wrote. Cases the intake stores carry their conversation `progress`; a
 * case without it (written before, or built by hand) counts from its opening.
 */
export const customerSince = (theCase: Case): string | undefined =>
  theCase.firstInboundAt ?? (theCase.progress ? undefined : theCase.openedAt);

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

/** Runs from the customer's first message until the brand's first answer. */
export const untilFirstAnswer: ClockRun = ({ clock, theCase, firstInboundAt, restartAt }) => {
  if (theCase.firstResponseAt) return { run: false, stopAt: theCase.firstResponseAt, reason: 'responded' };
  // A run started for a customer message later than one delivered since moves back to that earlier message,
  // and a run an answer stopped that was then taken back (its send failed) counts from the customer again.
  if (startedForLaterMessage(clock, firstInboundAt, theCase) || answerTakenBack(clock))
    return { run: true, startAt: firstInboundAt, sameRun: false };
  return { run: true, startAt: restartAt, sameRun: isLive(clock) };
};

/** Runs from the oldest unanswered customer message after the first answer until the next answer. */
export const whileCustomerWaits: ClockRun = ({ clock, theCase, now }) => {
  const { firstResponseAt, awaitingResponseSince, lastOutboundAt } = theCase;
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
};

/**
 * Runs until the case is resolved. The first run counts from the customer's first message, and
 * moves back when an earlier message is delivered after a later one; a reopened case's run counts from the reopen.
 */
export const untilResolved: ClockRun = ({ clock, firstInboundAt, restartAt }) =>
  isLive(clock) && clock.generation === 1 && isBefore(firstInboundAt, clock.startedAt)
    ? { run: true, startAt: firstInboundAt, sameRun: false }
    : { run: true, startAt: restartAt, sameRun: isLive(clock) };
