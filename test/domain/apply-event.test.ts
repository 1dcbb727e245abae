import { describe, expect, it } from 'vitest';
import { planEvent } from '../../functions/domain/apply-event.ts';
import type { Case, Message } from '../../functions/domain/case.ts';
import { deriveConversation, withConversation } from '../../functions/domain/conversation.ts';
import { domainEventSchema } from '../../functions/domain/events.ts';
import { type InboundEvent, inboundEventSchema } from '../../functions/domain/inbound-event.ts';

const NOW = '2026-01-01T12:00:00.000Z';
let counter = 0;
const ctx = { now: NOW, newId: () => `ID${String(++counter).padStart(4, '0')}` };

const event = (overrides: Partial<InboundEvent>): InboundEvent =>
  inboundEventSchema.parse({
    version: 1,
    eventId: `x:message:${overrides.platformMessageId ?? 'm1'}`,
    platform: 'x',
    channel: 'x',
    action: 'message',
    brandAccount: 'brand',
    threadKey: 't1',
    platformMessageId: 'm1',
    direction: 'inbound',
    author: { id: 'customer', handle: 'jo', name: 'Jo' },
    text: 'my bag is lost',
    occurredAt: '2026-01-01T10:00:00.000Z',
    receivedAt: '2026-01-01T10:00:01.000Z',
    raw: { sample: true },
    ...overrides,
  });

const openCase: Case = {
  id: 'C1',
  brand: 'acme',
  brandAccount: 'brand',
  channels: ['x'],
  customerId: 'P1',
  status: 'open',
  statusChangedAt: '2026-01-01T10:00:02.000Z',
  priority: 'normal',
  subject: '',
  openedAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:02.000Z',
  messageCount: 0,
  version: 1,
};

const stored = (e: InboundEvent): Message => ({
  caseId: 'C1',
  channel: e.channel,
  platformMessageId: e.platformMessageId,
  direction: e.direction,
  author: e.author,
  text: e.text,
  sentAt: e.occurredAt,
  receivedAt: e.receivedAt,
  threadKey: e.threadKey,
});

/** Plans `e` against a case holding `messages`, as the intake does: the case item carries their state. */
const plan = (theCase: Case, messages: Message[], e: InboundEvent) => {
  const existing = messages.find((m) => m.platformMessageId === e.platformMessageId);
  const current = messages.length > 0 ? withConversation(theCase, deriveConversation(messages)) : theCase;
  return planEvent({ case: current, ...(existing && { existing }) }, e, ctx);
};

describe('planEvent', () => {
  it('records a customer message, sets the subject and waits for a response', () => {
    const planned = plan(openCase, [], event({}));
    expect(planned.kind).toBe('change');
    if (planned.kind !== 'change') return;
    expect(planned.case).toMatchObject({
      subject: 'my bag is lost',
      customerName: 'Jo',
      status: 'open',
      messageCount: 1,
      awaitingResponseSince: '2026-01-01T10:00:00.000Z',
      version: 2,
      updatedAt: NOW,
    });
    expect(planned.message).toMatchObject({ kind: 'put', message: { direction: 'inbound', text: 'my bag is lost' } });
    expect(planned.audit.map((a) => a.type)).toEqual(['message.received']);
    expect(planned.audit[0]?.detail).toMatchObject({ raw: { sample: true } });
  });

  it('takes a brand reply as the first response and announces it', () => {
    const first = event({});
    const reply = event({
      platformMessageId: 'm2',
      eventId: 'x:message:m2',
      direction: 'outbound',
      author: { id: 'brand', handle: 'AcmeAir' },
      text: 'So sorry, DM us',
      occurredAt: '2026-01-01T10:04:00.000Z',
    });
    const planned = plan({ ...openCase, messageCount: 1 }, [stored(first)], reply);
    if (planned.kind !== 'change') throw new Error('expected a change');
    expect(planned.case.status).toBe('responded');
    expect(planned.case.firstResponseAt).toBe('2026-01-01T10:04:00.000Z');
    expect(planned.case.awaitingResponseSince).toBeUndefined();
    expect(planned.audit.map((a) => a.type)).toEqual(['message.sent', 'case.first_response']);
    for (const domainEvent of planned.events) expect(domainEventSchema.parse(domainEvent)).toEqual(domainEvent);
    expect(planned.events).toEqual([
      expect.objectContaining({
        type: 'CaseResponded',
        caseId: 'C1',
        detail: expect.objectContaining({ seconds: 240 }),
      }),
    ]);
  });

  it('does nothing for a message already recorded under another event id', () => {
    const first = event({});
    const planned = plan(openCase, [stored(first)], event({ eventId: 'other-id' }));
    expect(planned).toEqual({ kind: 'noop', reason: 'message already recorded' });
  });

  it('keeps the original text when the customer edits a message', () => {
    const first = event({});
    const edit = event({
      action: 'edit',
      eventId: 'edit-1',
      text: 'my bag AND my coat are lost',
      occurredAt: '2026-01-01T10:02:00.000Z',
    });
    const planned = plan(openCase, [stored(first)], edit);
    if (planned.kind !== 'change') throw new Error('expected a change');
    expect(planned.message).toEqual({
      kind: 'update',
      channel: 'x',
      platformMessageId: 'm1',
      set: { text: 'my bag AND my coat are lost' },
      appendEdit: { text: 'my bag is lost', at: '2026-01-01T10:02:00.000Z' },
    });
    expect(planned.audit[0]).toMatchObject({ type: 'message.edited', detail: { previousText: 'my bag is lost' } });
  });

  it('marks a deleted message deleted and logs it, keeping the text', () => {
    const first = event({});
    const deletion = event({ action: 'delete', eventId: 'del-1', text: '', occurredAt: '2026-01-01T10:03:00.000Z' });
    const planned = plan(openCase, [stored(first)], deletion);
    if (planned.kind !== 'change') throw new Error('expected a change');
    expect(planned.message).toMatchObject({ kind: 'update', set: { deletedAt: '2026-01-01T10:03:00.000Z' } });
    expect(planned.message).not.toHaveProperty('set.text');
    expect(planned.audit[0]?.type).toBe('message.deleted');
  });

  it('keeps an edit of a message not received yet, to apply when the message comes', () => {
    const planned = plan(openCase, [], event({ action: 'edit', eventId: 'e' }));
    expect(planned).toEqual({ kind: 'park', reason: 'edit of a message not received yet' });
  });

  it('records a delivery status of an unseen brand message as the brand reply, then only moves status forward', () => {
    const first = event({});
    const sent = event({
      action: 'status',
      eventId: 'wa:status:sent',
      platformMessageId: 'wamid.1',
      direction: 'outbound',
      author: { id: 'brand' },
      text: '',
      deliveryStatus: 'sent',
      occurredAt: '2026-01-01T10:05:00.000Z',
    });
    const created = plan(openCase, [stored(first)], sent);
    if (created.kind !== 'change') throw new Error('expected a change');
    expect(created.case.firstResponseAt).toBe('2026-01-01T10:05:00.000Z');
    const withReply = [stored(first), { ...stored(sent), deliveryStatus: 'read' }];
    const older = plan(openCase, withReply, { ...sent, eventId: 'd', deliveryStatus: 'delivered' });
    expect(older.kind).toBe('noop');
  });

  it('reopens a resolved case when the customer writes again', () => {
    const resolved: Case = {
      ...openCase,
      status: 'resolved',
      resolvedAt: '2026-01-01T11:00:00.000Z',
      firstResponseAt: '2026-01-01T10:04:00.000Z',
    };
    const again = event({ platformMessageId: 'm9', eventId: 'x:message:m9', occurredAt: '2026-01-01T11:30:00.000Z' });
    const planned = plan(resolved, [stored(event({}))], again);
    if (planned.kind !== 'change') throw new Error('expected a change');
    expect(planned.case.status).toBe('open');
    expect(planned.case.resolvedAt).toBeUndefined();
    expect(planned.events.map((e) => e.type)).toEqual(['CaseReopened']);
  });
});
