/**
 * How a case's state follows from its messages. Everything is derived from message
 * timestamps, never from arrival order, so platforms may retry and reorder freely.
 */
import { DateTime, Duration } from 'luxon';
import type { Case, CaseStatus, Channel, Message } from './case.ts';

export interface ConversationState {
  readonly channels: readonly Channel[];
  readonly messageCount: number;
  readonly firstMessageAt?: string;
  readonly lastInboundAt?: string;
  readonly lastOutboundAt?: string;
  readonly firstResponseAt?: string;
  /** The oldest customer message the brand has not answered yet, if any. */
  readonly awaitingResponseSince?: string;
}

const maxOf = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);
const minOf = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

export const deriveConversation = (messages: readonly Message[]): ConversationState => {
  const ordered = [...messages].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  const channels = new Set<Channel>();
  let firstMessageAt: string | undefined;
  let lastInboundAt: string | undefined;
  let lastOutboundAt: string | undefined;
  let firstResponseAt: string | undefined;
  let awaitingResponseSince: string | undefined;
  for (const message of ordered) {
    channels.add(message.channel);
    firstMessageAt = minOf(firstMessageAt, message.sentAt);
    if (message.direction === 'inbound') {
      lastInboundAt = maxOf(lastInboundAt, message.sentAt);
      awaitingResponseSince ??= message.sentAt;
    } else {
      lastOutboundAt = maxOf(lastOutboundAt, message.sentAt);
      if (lastInboundAt !== undefined) firstResponseAt ??= message.sentAt;
      awaitingResponseSince = undefined;
    }
  }
  return {
    channels: [...channels],
    messageCount: ordered.length,
    ...(firstMessageAt && { firstMessageAt }),
    ...(lastInboundAt && { lastInboundAt }),
    ...(lastOutboundAt && { lastOutboundAt }),
    ...(firstResponseAt && { firstResponseAt }),
    ...(awaitingResponseSince && { awaitingResponseSince }),
  };
};

/**
 * The status after a message lands. `waiting_on_customer` and `resolved` are set by people;
 * a customer writing after that moment brings the case back to the brand's court.
 */
export const nextStatus = (current: Case, state: ConversationState, landed: Message): CaseStatus => {
  const active: CaseStatus = state.firstResponseAt ? 'responded' : 'open';
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

/**
 * A customer writing long after resolution starts a new case on the same thread rather than
 * reopening an old one; within `reopenWithin` (an ISO-8601 duration) the old case reopens.
 */
export const startsNewCase = (
  current: Case,
  landed: { readonly direction: Message['direction']; readonly sentAt: string },
  reopenWithin: string,
): boolean => {
  if (current.status !== 'resolved' || !current.resolvedAt || landed.direction !== 'inbound') return false;
  const window = Duration.fromISO(reopenWithin);
  const reopenUntil = DateTime.fromISO(current.resolvedAt, { zone: 'utc' }).plus(window);
  return DateTime.fromISO(landed.sentAt, { zone: 'utc' }) > reopenUntil;
};
