/**
 * What one inbound platform event does to a case: pure, so every rule is testable
 * with plain objects and a fixed clock.
 */
import type { MessageChange } from '../ports.ts';
import type { AuditEntry, Case, CaseDetail, Message } from './case.ts';
import { deriveConversation, nextStatus, subjectOf } from './conversation.ts';
import type { DomainEvent } from './events.ts';
import type { InboundEvent } from './inbound-event.ts';

export type Planned =
  | {
      readonly kind: 'change';
      readonly case: Case;
      readonly message: MessageChange;
      readonly audit: readonly AuditEntry[];
      readonly events: readonly DomainEvent[];
    }
  | { readonly kind: 'noop'; readonly reason: string };

export interface PlanContext {
  readonly now: string;
  readonly newId: () => string;
  /** Comparative sentiment of a customer's message, scored once per event by the caller. */
  readonly sentiment?: number;
}

const DELIVERY_RANK: Readonly<Record<string, number>> = { sent: 1, delivered: 2, read: 3, failed: 4 };

const messageFrom = (caseId: string, event: InboundEvent, sentiment: number | undefined): Message => ({
  caseId,
  channel: event.channel,
  platformMessageId: event.platformMessageId,
  direction: event.direction,
  author: event.author,
  text: event.text,
  sentAt: event.occurredAt,
  receivedAt: event.receivedAt,
  threadKey: event.threadKey,
  ...(event.inReplyTo && { inReplyTo: event.inReplyTo }),
  ...(event.url && { url: event.url }),
  ...(event.deliveryStatus && { deliveryStatus: event.deliveryStatus }),
  ...(sentiment !== undefined && { sentiment }),
});

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

const recordMessage = (detail: CaseDetail, event: InboundEvent, ctx: PlanContext): Planned => {
  const current = detail.case;
  const message = messageFrom(current.id, event, ctx.sentiment);
  const state = deriveConversation([...detail.messages, message]);
  const status = nextStatus(current, state, message);
  const reopened = current.status === 'resolved' && status !== 'resolved';
  const firstResponseNow = !current.firstResponseAt && state.firstResponseAt !== undefined;
  const { resolvedAt: _resolvedAt, awaitingResponseSince: _awaiting, firstResponseAt: _first, ...rest } = current;
  const updated: Case = {
    ...rest,
    ...(status === 'resolved' && current.resolvedAt && { resolvedAt: current.resolvedAt }),
    channels: state.channels,
    messageCount: state.messageCount,
    openedAt: state.firstMessageAt && state.firstMessageAt < current.openedAt ? state.firstMessageAt : current.openedAt,
    ...(state.lastInboundAt && { lastInboundAt: state.lastInboundAt }),
    ...(state.lastOutboundAt && { lastOutboundAt: state.lastOutboundAt }),
    ...(state.firstResponseAt && { firstResponseAt: state.firstResponseAt }),
    ...(state.awaitingResponseSince && { awaitingResponseSince: state.awaitingResponseSince }),
    subject: current.subject || (event.direction === 'inbound' ? subjectOf(event.text) : ''),
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
      raw: event.raw,
    }),
  ];
  const events: DomainEvent[] = [];
  if (firstResponseNow && state.firstResponseAt) {
    const seconds = Math.round((Date.parse(state.firstResponseAt) - Date.parse(updated.openedAt)) / 1000);
    entries.push(audit('case.first_response', { at: state.firstResponseAt, responseSeconds: seconds }));
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

export const planEvent = (detail: CaseDetail, event: InboundEvent, ctx: PlanContext): Planned => {
  const existing = detail.messages.find(
    (m) => m.channel === event.channel && m.platformMessageId === event.platformMessageId,
  );
  const audit = auditOf(detail.case.id, ctx, `${event.platform}:${event.author.handle ?? event.author.id}`);
  const ref = { channel: event.channel, platformMessageId: event.platformMessageId };
  switch (event.action) {
    case 'message':
      return existing ? { kind: 'noop', reason: 'message already recorded' } : recordMessage(detail, event, ctx);
    case 'status': {
      if (!existing) return recordMessage(detail, event, ctx);
      const status = event.deliveryStatus ?? 'unknown';
      if ((DELIVERY_RANK[status] ?? 0) <= (DELIVERY_RANK[existing.deliveryStatus ?? ''] ?? 0)) {
        return { kind: 'noop', reason: `delivery status ${status} is not newer than ${existing.deliveryStatus}` };
      }
      return {
        kind: 'change',
        case: touch(detail.case, ctx),
        message: { kind: 'update', ...ref, set: { deliveryStatus: status } },
        audit: [audit('message.status', { ...ref, status, eventId: event.eventId, raw: event.raw })],
        events: [],
      };
    }
    case 'edit':
      if (!existing) return { kind: 'noop', reason: 'edit of a message Sundown never received' };
      return {
        kind: 'change',
        case: touch(detail.case, ctx),
        message: {
          kind: 'update',
          ...ref,
          set: { text: event.text },
          appendEdit: { text: existing.text, at: event.occurredAt },
        },
        audit: [audit('message.edited', { ...ref, previousText: existing.text, text: event.text, raw: event.raw })],
        events: [],
      };
    case 'delete':
      if (!existing) return { kind: 'noop', reason: 'deletion of a message Sundown never received' };
      if (existing.deletedAt) return { kind: 'noop', reason: 'message already marked deleted' };
      return {
        kind: 'change',
        case: touch(detail.case, ctx),
        message: { kind: 'update', ...ref, set: { deletedAt: event.occurredAt } },
        audit: [audit('message.deleted', { ...ref, deletedAt: event.occurredAt, raw: event.raw })],
        events: [],
      };
  }
};
