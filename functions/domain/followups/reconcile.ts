/**
 * What a case write does to its follow-ups, derived from the case and the message it records:
 * an inbound message on a reply-window channel opens (or moves) that channel's window, a brand
 * message on it keeps it and keeps promises made `keptByReply`, and resolving the case cancels
 * what no longer matters and may schedule a check-back. Pure and idempotent.
 */
import type { Case, Channel, FollowUp, Message } from '../case.ts';
import type { DomainConfig } from '../policies.ts';
import { closed, minusDuration, nextSeq, plusDuration } from './follow-ups.ts';

export interface FollowUpChange {
  readonly type: 'followup.recorded' | 'followup.kept' | 'followup.cancelled' | 'followup.moved';
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface ReconcileFollowUpsInput {
  readonly before?: Case;
  readonly after: Case;
  /** The message this write stores, if any. */
  readonly message?: Message;
  readonly now: string;
  readonly config: DomainConfig;
  readonly newId: () => string;
}

const CHANNEL_NAMES: Partial<Record<Channel, string>> = { whatsapp: 'WhatsApp', messenger: 'Messenger' };
export const channelName = (channel: Channel): string => CHANNEL_NAMES[channel] ?? channel;

const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

const summary = (f: FollowUp) => ({
  followUp: f.id,
  kind: f.kind,
  dueAt: f.dueAt,
  ...(f.channel && { channel: f.channel }),
});

const onMessage = (list: FollowUp[], message: Message, input: ReconcileFollowUpsInput): FollowUpChange[] => {
  const changes: FollowUpChange[] = [];
  const window = input.config.replyWindows[message.channel];
  const open = list.find((f) => f.kind === 'reply_window' && f.status === 'open' && f.channel === message.channel);
  if (message.direction === 'inbound' && window) {
    const dueAt = plusDuration(message.sentAt, window.length);
    const warnAt = minusDuration(dueAt, window.warnBefore);
    const description = `${channelName(message.channel)} reply window`;
    if (!open) {
      const created: FollowUp = {
        id: input.newId(),
        seq: nextSeq({ followUps: list }),
        kind: 'reply_window',
        channel: message.channel,
        description,
        dueAt,
        warnAt,
        createdAt: input.now,
        createdBy: 'sundown',
        status: 'open',
      };
      list.push(created);
      changes.push({ type: 'followup.recorded', detail: summary(created) });
    } else if (isBefore(open.dueAt, dueAt)) {
      const { warnedAt: _warned, ...rest } = open;
      const moved: FollowUp = { ...rest, dueAt, warnAt };
      list.splice(list.indexOf(open), 1, moved);
      changes.push({ type: 'followup.moved', detail: { ...summary(moved), previousDueAt: open.dueAt } });
    }
  }
  if (message.direction === 'outbound') {
    for (const f of [...list]) {
      const answersWindow = f === open && window && !isBefore(message.sentAt, minusDuration(f.dueAt, window.length));
      const keepsPromise =
        f.kind === 'promise' && f.keptByReply && f.status === 'open' && !isBefore(message.sentAt, f.createdAt);
      if (!answersWindow && !keepsPromise) continue;
      const kept = closed(f, 'kept', message.sentAt, 'sundown');
      list.splice(list.indexOf(f), 1, kept);
      changes.push({
        type: 'followup.kept',
        detail: { ...summary(kept), reason: 'the brand replied', channel: message.channel },
      });
    }
  }
  return changes;
};

const onResolved = (list: FollowUp[], theCase: Case, input: ReconcileFollowUpsInput): FollowUpChange[] => {
  const changes: FollowUpChange[] = [];
  for (const f of [...list]) {
    if (f.status !== 'open' || (f.kind !== 'handoff' && f.kind !== 'reply_window')) continue;
    const cancelled = closed(f, 'cancelled', input.now, 'sundown');
    list.splice(list.indexOf(f), 1, cancelled);
    changes.push({ type: 'followup.cancelled', detail: { ...summary(f), reason: 'case resolved' } });
  }
  const after = input.config.cases.checkBackAfter;
  if (after && !list.some((f) => f.kind === 'checkback' && f.status === 'open')) {
    const checkback: FollowUp = {
      id: input.newId(),
      seq: nextSeq({ followUps: list }),
      kind: 'checkback',
      description: 'Check back with the customer after resolution',
      dueAt: plusDuration(theCase.resolvedAt ?? input.now, after),
      createdAt: input.now,
      createdBy: 'sundown',
      status: 'open',
    };
    list.push(checkback);
    changes.push({ type: 'followup.recorded', detail: summary(checkback) });
  }
  return changes;
};

export const reconcileFollowUps = (
  input: ReconcileFollowUpsInput,
): { readonly followUps?: readonly FollowUp[]; readonly changes: readonly FollowUpChange[] } => {
  const { before, after, message } = input;
  const list = [...(after.followUps ?? [])];
  const changes: FollowUpChange[] = [];
  if (message) changes.push(...onMessage(list, message, input));
  if (after.status === 'resolved' && before && before.status !== 'resolved')
    changes.push(...onResolved(list, after, input));
  if (changes.length === 0) return { ...(after.followUps && { followUps: after.followUps }), changes };
  return { followUps: list, changes };
};
