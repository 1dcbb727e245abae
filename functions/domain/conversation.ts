/**
 * How a case's state follows from its messages. Everything is derived from message
 * timestamps, never from arrival order, so platforms may retry and reorder freely.
 *
 * An answer is a real brand message: outbound, not a failed send, not an automated reply. An
 * answer at time `a` answers every customer message sent at or before `a` (X and Meta stamp
 * whole seconds, so a reply in the same second as the complaint counts).
 *
 * `deriveConversation` computes the state from every message; `advanceConversation` adds one
 * message to a stored state without reading the others. Both give the same result in any order.
 */
import { DateTime, Duration } from 'luxon';
import type { AnswerRef, Case, CaseStatus, Channel, ConversationProgress, Message } from './case.ts';

export interface ConversationState {
  readonly channels: readonly Channel[];
  readonly messageCount: number;
  readonly firstMessageAt?: string;
  readonly lastMessageAt?: string;
  readonly firstInboundAt?: string;
  readonly lastInboundAt?: string;
  /** The latest answer. */
  readonly lastOutboundAt?: string;
  readonly firstResponseAt?: string;
  readonly answeredBy?: AnswerRef;
  /** The oldest customer message the brand has not answered yet, if any. */
  readonly awaitingResponseSince?: string;
  readonly progress: ConversationProgress;
}

/** A flood of unanswered messages keeps this many times: the oldest half and the newest half. */
export const PROGRESS_CAP = 64;

/** Why a message is not an answer, or undefined when it is one. */
export const notAnAnswerReason = (message: Message): string | undefined => {
  if (message.direction === 'inbound') return 'customer message';
  if (message.deliveryStatus === 'failed') return 'the platform could not deliver it';
  return message.notAnAnswer;
};

const answerRef = (message: Message): AnswerRef => ({
  channel: message.channel,
  platformMessageId: message.platformMessageId,
  at: message.sentAt,
  reason: `brand message on ${message.channel}${message.deliveryStatus ? ` (${message.deliveryStatus})` : ''}`,
});

/** Earliest first; ties broken by channel and id so that every order picks the same answer. */
const earlier = (a: AnswerRef, b: AnswerRef): boolean =>
  a.at !== b.at ? a.at < b.at : `${a.channel}:${a.platformMessageId}` < `${b.channel}:${b.platformMessageId}`;

const maxOf = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);
const minOf = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

const capTimes = (times: readonly string[]): string[] =>
  times.length <= PROGRESS_CAP
    ? [...times]
    : [...times.slice(0, PROGRESS_CAP / 2), ...times.slice(times.length - PROGRESS_CAP / 2)];

const insertSorted = (times: readonly string[], time: string): string[] => {
  const index = times.findIndex((t) => t > time);
  return index < 0 ? [...times, time] : [...times.slice(0, index), time, ...times.slice(index)];
};

export const EMPTY_CONVERSATION: ConversationState = {
  channels: [],
  messageCount: 0,
  progress: { unanswered: [], earlyAnswers: [] },
};

/** The conversation state a case item carries. */
export const conversationOf = (theCase: Case): ConversationState => ({
  channels: theCase.channels,
  messageCount: theCase.messageCount,
  ...(theCase.messageCount > 0 && { firstMessageAt: theCase.openedAt }),
  ...(theCase.lastMessageAt && { lastMessageAt: theCase.lastMessageAt }),
  ...(theCase.firstInboundAt && { firstInboundAt: theCase.firstInboundAt }),
  ...(theCase.lastInboundAt && { lastInboundAt: theCase.lastInboundAt }),
  ...(theCase.lastOutboundAt && { lastOutboundAt: theCase.lastOutboundAt }),
  ...(theCase.firstResponseAt && { firstResponseAt: theCase.firstResponseAt }),
  ...(theCase.answeredBy && { answeredBy: theCase.answeredBy }),
  ...(theCase.awaitingResponseSince && { awaitingResponseSince: theCase.awaitingResponseSince }),
  progress: theCase.progress ?? { unanswered: [], earlyAnswers: [] },
});

/** Adds one message to the state; the result does not depend on the order messages are added in. */
export const advanceConversation = (state: ConversationState, message: Message): ConversationState => {
  const at = message.sentAt;
  const channels = state.channels.includes(message.channel) ? state.channels : [...state.channels, message.channel];
  let { firstInboundAt, lastInboundAt, lastOutboundAt, answeredBy } = state;
  let unanswered = [...state.progress.unanswered];
  let earlyAnswers = [...state.progress.earlyAnswers];
  if (message.direction === 'inbound') {
    lastInboundAt = maxOf(lastInboundAt, at);
    if (firstInboundAt === undefined || at < firstInboundAt) {
      firstInboundAt = at;
      // Answers that came before the old first message may answer this earlier one.
      const nowAnswering = earlyAnswers.filter((answer) => answer.at >= at);
      earlyAnswers = earlyAnswers.filter((answer) => answer.at < at);
      for (const answer of nowAnswering) if (!answeredBy || earlier(answer, answeredBy)) answeredBy = answer;
    }
    if (lastOutboundAt === undefined || at > lastOutboundAt) unanswered = capTimes(insertSorted(unanswered, at));
  } else if (notAnAnswerReason(message) === undefined) {
    const answer = answerRef(message);
    if (firstInboundAt !== undefined && at >= firstInboundAt) {
      if (!answeredBy || earlier(answer, answeredBy)) answeredBy = answer;
    } else {
      earlyAnswers = [...earlyAnswers, answer].sort((a, b) => (earlier(a, b) ? -1 : 1)).slice(-PROGRESS_CAP);
    }
    if (lastOutboundAt === undefined || at > lastOutboundAt) {
      lastOutboundAt = at;
      unanswered = unanswered.filter((time) => time > at);
    }
  }
  const firstMessageAt = minOf(state.firstMessageAt, at);
  const lastMessageAt = maxOf(state.lastMessageAt, at);
  return {
    channels,
    messageCount: state.messageCount + 1,
    firstMessageAt,
    lastMessageAt,
    ...(firstInboundAt && { firstInboundAt }),
    ...(lastInboundAt && { lastInboundAt }),
    ...(lastOutboundAt && { lastOutboundAt }),
    ...(answeredBy && { firstResponseAt: answeredBy.at, answeredBy }),
    ...(unanswered[0] && { awaitingResponseSince: unanswered[0] }),
    progress: { unanswered, earlyAnswers },
  };
};

/** The state from every message at once: the reference `advanceConversation` must agree with. */
export const deriveConversation = (messages: readonly Message[]): ConversationState => {
  const ordered = [...messages].sort((a, b) =>
    a.sentAt !== b.sentAt ? a.sentAt.localeCompare(b.sentAt) : a.direction === 'inbound' ? -1 : 1,
  );
  return ordered.reduce(advanceConversation, EMPTY_CONVERSATION);
};

/** The case's fields that follow from its conversation. */
export const withConversation = (current: Case, state: ConversationState): Case => {
  const {
    firstInboundAt: _a,
    lastInboundAt: _b,
    lastOutboundAt: _c,
    lastMessageAt: _d,
    firstResponseAt: _e,
    answeredBy: _f,
    awaitingResponseSince: _g,
    ...rest
  } = current;
  return {
    ...rest,
    channels: state.channels,
    messageCount: state.messageCount,
    openedAt: state.firstMessageAt ?? current.openedAt,
    ...(state.lastMessageAt && { lastMessageAt: state.lastMessageAt }),
    ...(state.firstInboundAt && { firstInboundAt: state.firstInboundAt }),
    ...(state.lastInboundAt && { lastInboundAt: state.lastInboundAt }),
    ...(state.lastOutboundAt && { lastOutboundAt: state.lastOutboundAt }),
    ...(state.firstResponseAt && { firstResponseAt: state.firstResponseAt }),
    ...(state.answeredBy && { answeredBy: state.answeredBy }),
    ...(state.awaitingResponseSince && { awaitingResponseSince: state.awaitingResponseSince }),
    progress: state.progress,
  };
};

/**
 * The status after a message lands. `waiting_on_customer` and `resolved` are set by people;
 * a customer writing after that moment brings the case back to the brand's court.
 */
export const nextStatus = (current: Case, state: ConversationState, landed: Message): CaseStatus => {
  const active: CaseStatus = state.firstResponseAt || !state.firstInboundAt ? 'responded' : 'open';
  if (current.status === 'resolved') {
    const reopens = landed.direction === 'inbound' && landed.sentAt > (current.resolvedAt ?? current.statusChangedAt);
    return reopens ? active : 'resolved';
  }
  if (current.status === 'waiting_on_customer') {
    return landed.direction === 'inbound' && landed.sentAt > current.statusChangedAt ? active : 'waiting_on_customer';
  }
  return active;
};

/** Up to 140 characters of the opening message, on one line. */
export const subjectOf = (text: string): string => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 140 ? `${oneLine.slice(0, 139)}…` : oneLine;
};

const after = (iso: string, duration: string): DateTime =>
  DateTime.fromISO(iso, { zone: 'utc' }).plus(Duration.fromISO(duration));

/**
 * Whether a message of the customer joins their latest case: a resolved case reopens within
 * `reopenWithin` of its resolution; any case takes the message within the conversation window
 * (`window`, an ISO-8601 duration: shorter for public posts than for private messages) of its
 * latest message, in either direction of time.
 */
export const joinsCase = (
  current: Case,
  landed: { readonly direction: Message['direction']; readonly sentAt: string },
  windows: { readonly window: string; readonly reopenWithin: string },
): boolean => {
  const sentAt = DateTime.fromISO(landed.sentAt, { zone: 'utc' });
  if (current.status === 'resolved' && current.resolvedAt && landed.direction === 'inbound') {
    if (sentAt > after(current.resolvedAt, windows.reopenWithin)) return false;
  }
  const latest = current.lastMessageAt ?? current.openedAt;
  if (sentAt > after(latest, windows.window)) return false;
  return sentAt >= DateTime.fromISO(current.openedAt, { zone: 'utc' }).minus(Duration.fromISO(windows.window));
};
