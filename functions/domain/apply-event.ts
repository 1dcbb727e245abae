/**
 * What one inbound platform event does to a case: pure, so every rule is testable
 * with plain objects and a fixed clock.
 */
import type { AuditEntry, Case, Message } from './case.ts';
import {
  advanceConversation,
  conversationOf,
  deriveConversation,
  nextStatus,
  notAnAnswerReason,
  subjectOf,
  withConversation,
} from './conversation.ts';
import type { DomainEvent } from './events.ts';
import type { InboundEvent } from './inbound-event.ts';
import type { MessageChange } from './message-change.ts';

export type Planned =
  | {
      readonly kind: 'change';
      readonly case: Case;
      readonly message: MessageChange;
      readonly audit: readonly AuditEntry[];
      readonly events: readonly DomainEvent[];
    }
  | { readonly kind: 'noop'; readonly reason: string }
  /** An edit or deletion of a message not received yet: kept until the message comes. */
  | { readonly kind: 'park'; readonly reason: string }
  /** The change takes an answer back (a failed send): the state is derived again from every message. */
  | { readonly kind: 'needsHistory' };

/** What planning needs of the case: its item, the message the event is about if stored, and (rarely) every message. */
export interface PlanInput {
  readonly case: Case;
  readonly existing?: Message;
  readonly history?: readonly Message[];
}

/** Brand messages that are not answers (automation), from `cases.notAnswers`. */
export interface AnswerRules {
  readonly automationAppIds: readonly string[];
  readonly automatedPatterns: readonly RegExp[];
}

export interface PlanContext {
  readonly now: string;
  readonly newId: () => string;
  /** Comparative sentiment of a customer's message, scored once per event by the caller. */
  readonly sentiment?: number;
  readonly answers?: AnswerRules;
}

const DELIVERY_RANK: Readonly<Record<string, number>> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/** The longest text a message keeps, in UTF-8 bytes; longer text is cut there and flagged. */
export const MAX_TEXT_BYTES = 32 * 1024;

const bounded = (text: string): { text: string; truncated?: { bytes: number } } => {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_TEXT_BYTES) return { text };
  // Cut on a character boundary: decoding a cut multi-byte sequence would leave U+FFFD at the end.
  const cut = Buffer.from(text, 'utf8')
    .subarray(0, MAX_TEXT_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return { text: cut, truncated: { bytes } };
};

const automation = (event: InboundEvent, rules: AnswerRules | undefined): string | undefined => {
  if (event.direction !== 'outbound' || !rules) return undefined;
  if (event.appId && rules.automationAppIds.includes(event.appId)) return `automated reply (app ${event.appId})`;
  const matched = rules.automatedPatterns.find((pattern) => pattern.test(event.text));
  return matched ? `automated reply (matches ${matched.source})` : undefined;
};

const messageFrom = (caseId: string, event: InboundEvent, ctx: PlanContext): Message => {
  const notAnAnswer = automation(event, ctx.answers);
  return {
    caseId,
    channel: event.channel,
    platformMessageId: event.platformMessageId,
    direction: event.direction,
    author: event.author,
    ...bounded(event.text),
    sentAt: event.occurredAt,
    receivedAt: event.receivedAt,
    threadKey: event.threadKey,
    ...(event.inReplyTo && { inReplyTo: event.inReplyTo }),
    ...(event.url && { url: event.url }),
    ...(event.deliveryStatus && { deliveryStatus: event.deliveryStatus }),
    ...(ctx.sentiment !== undefined && { sentiment: ctx.sentiment }),
    ...(notAnAnswer && { notAnAnswer }),
  };
};

const auditOf =
  (caseId: string, ctx: PlanContext, actor: string) =>
  (type: string, detail: Record<string, unknown>): AuditEntry => ({
    caseId,
    id: ctx.newId(),
    at: ctx.now,
    type,
    actor,
    detail,
  });

const domainEvent = (
  type: DomainEvent['type'],
  theCase: Case,
  ctx: PlanContext,
  detail: Record<string, unknown>,
): DomainEvent => ({
  id: ctx.newId(),
  type,
  version: 1,
  caseId: theCase.id,
  at: ctx.now,
  detail: { brand: theCase.brand, ...detail },
});

const recordMessage = (current: Case, event: InboundEvent, ctx: PlanContext): Planned => {
  const message = messageFrom(current.id, event, ctx);
  const state = advanceConversation(conversationOf(current), message);
  const status = nextStatus(current, state, message);
  const reopened = current.status === 'resolved' && status !== 'resolved';
  const firstResponseNow = !current.firstResponseAt && state.firstResponseAt !== undefined;
  const { resolvedAt: _resolvedAt, ...rest } = withConversation(current, state);
  const updated: Case = {
    ...rest,
    ...(status === 'resolved' && current.resolvedAt && { resolvedAt: current.resolvedAt }),
    subject: current.subject || (event.direction === 'inbound' ? subjectOf(message.text) : ''),
    ...(event.direction === 'inbound' && {
      customerName: current.customerName ?? event.author.name,
      customerHandle: current.customerHandle ?? event.author.handle,
    }),
    status,
    statusChangedAt: status === current.status ? current.statusChangedAt : ctx.now,
    updatedAt: ctx.now,
    version: current.version + 1,
  };
  const audit = auditOf(current.id, ctx, `${event.platform}:${event.author.handle ?? event.author.id}`);
  const entries = [
    audit(event.direction === 'inbound' ? 'message.received' : 'message.sent', {
      channel: event.channel,
      platformMessageId: event.platformMessageId,
      eventId: event.eventId,
      ...(message.notAnAnswer && { notAnAnswer: message.notAnAnswer }),
      ...(message.truncated && { truncated: message.truncated }),
      raw: event.raw,
    }),
  ];
  const events: DomainEvent[] = [];
  if (firstResponseNow && state.firstResponseAt) {
    const seconds = Math.round(
      (Date.parse(state.firstResponseAt) - Date.parse(state.firstInboundAt ?? updated.openedAt)) / 1000,
    );
    entries.push(
      audit('case.first_response', {
        at: state.firstResponseAt,
        responseSeconds: seconds,
        answeredBy: state.answeredBy,
      }),
    );
    events.push(domainEvent('CaseResponded', updated, ctx, { firstResponseAt: state.firstResponseAt, seconds }));
  }
  if (reopened) {
    entries.push(audit('case.reopened', { previousResolvedAt: current.resolvedAt }));
    events.push(domainEvent('CaseReopened', updated, ctx, { channel: event.channel }));
  }
  return { kind: 'change', case: updated, message: { kind: 'put', message }, audit: entries, events };
};

const touch = (current: Case, ctx: PlanContext): Case => ({
  ...current,
  updatedAt: ctx.now,
  version: current.version + 1,
});

/** A delivery status that takes an answer back needs every message to find the answer before it. */
const retractsAnswer = (existing: Message, status: string): boolean =>
  status === 'failed' && existing.direction === 'outbound' && notAnAnswerReason(existing) === undefined;

const planStatus = (input: PlanInput, event: InboundEvent, ctx: PlanContext): Planned => {
  const { existing } = input;
  if (!existing) return recordMessage(input.case, event, ctx);
  const status = event.deliveryStatus ?? 'unknown';
  if ((DELIVERY_RANK[status] ?? 0) <= (DELIVERY_RANK[existing.deliveryStatus ?? ''] ?? 0)) {
    return { kind: 'noop', reason: `delivery status ${status} is not newer than ${existing.deliveryStatus}` };
  }
  const ref = { channel: event.channel, platformMessageId: event.platformMessageId };
  const audit = auditOf(input.case.id, ctx, `${event.platform}:${event.author.handle ?? event.author.id}`);
  let updated = touch(input.case, ctx);
  if (retractsAnswer(existing, status)) {
    if (!input.history) return { kind: 'needsHistory' };
    const messages = input.history.map((m) =>
      m.channel === existing.channel && m.platformMessageId === existing.platformMessageId
        ? { ...m, deliveryStatus: status }
        : m,
    );
    const { firstResponseAt: _f, answeredBy: _a, ...rest } = updated;
    const state = deriveConversation(messages);
    updated = { ...withConversation(rest, state), status: nextStatus(rest, state, existing) };
    if (updated.status !== input.case.status) updated = { ...updated, statusChangedAt: ctx.now };
  }
  return {
    kind: 'change',
    case: updated,
    message: { kind: 'update', ...ref, set: { deliveryStatus: status } },
    audit: [audit('message.status', { ...ref, status, eventId: event.eventId, raw: event.raw })],
    events: [],
  };
};

export const planEvent = (input: PlanInput, event: InboundEvent, ctx: PlanContext): Planned => {
  const { existing } = input;
  const audit = auditOf(input.case.id, ctx, `${event.platform}:${event.author.handle ?? event.author.id}`);
  const ref = { channel: event.channel, platformMessageId: event.platformMessageId };
  switch (event.action) {
    case 'message':
      return existing ? { kind: 'noop', reason: 'message already recorded' } : recordMessage(input.case, event, ctx);
    case 'status':
      return planStatus(input, event, ctx);
    case 'edit': {
      if (!existing) return { kind: 'park', reason: 'edit of a message not received yet' };
      const edited = bounded(event.text);
      // Edits may arrive in any order: the latest one is the text, older ones join the history.
      const latestEdit = existing.edits?.reduce((latest, e) => (e.at > latest ? e.at : latest), '');
      const older = latestEdit !== undefined && event.occurredAt <= latestEdit;
      return {
        kind: 'change',
        case: touch(input.case, ctx),
        message: older
          ? { kind: 'update', ...ref, set: {}, appendEdit: { text: edited.text, at: event.occurredAt } }
          : {
              kind: 'update',
              ...ref,
              set: { text: edited.text },
              appendEdit: { text: existing.text, at: event.occurredAt },
            },
        audit: [audit('message.edited', { ...ref, previousText: existing.text, text: edited.text, raw: event.raw })],
        events: [],
      };
    }
    case 'delete':
      if (!existing) return { kind: 'park', reason: 'deletion of a message not received yet' };
      if (existing.deletedAt) return { kind: 'noop', reason: 'message already marked deleted' };
      return {
        kind: 'change',
        case: touch(input.case, ctx),
        message: { kind: 'update', ...ref, set: { deletedAt: event.occurredAt } },
        audit: [audit('message.deleted', { ...ref, deletedAt: event.occurredAt, raw: event.raw })],
        events: [],
      };
  }
};
