import { describe, expect, it } from 'vitest';
import { planEvent } from '../../functions/domain/apply-event.ts';
import type { Case, CaseDetail, Message } from '../../functions/domain/case.ts';
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

const detail = (theCase: Case, messages: Message[] = []): CaseDetail => ({ case: theCase, messages, audit: [] });

describe('planEvent', () => {
  it('records a customer message, sets the subject and waits for a response', () => {
    const plan = planEvent(detail(openCase), event({}), ctx);
    expect(plan.kind).toBe('change');
    if (plan.kind !== 'change') return;
    expect(plan.case).toMatchObject({
      subject: 'my bag is lost',
      customerName: 'Jo',
      status: 'open',
      messageCount: 1,
      awaitingResponseSince: '2026-01-01T10:00:00.000Z',
      version: 2,
      updatedAt: NOW,
    });
    expect(plan.message).toMatchObject({ kind: 'put', message: { direction: 'inbound', text: 'my bag is lost' } });
    expect(plan.audit.map((a) => a.type)).toEqual(['message.received']);
    expect(plan.audit[0]?.detail).toMatchObject({ raw: { sample: true } });
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
    const plan = planEvent(detail({ ...openCase, messageCount: 1 }, [stored(first)]), reply, ctx);
    if (plan.kind !== 'change') throw new Error('expected a change');
    expect(plan.case.status).toBe('responded');
    expect(plan.case.firstResponseAt).toBe('2026-01-01T10:04:00.000Z');
    expect(plan.case.awaitingResponseSince).toBeUndefined();
    expect(plan.audit.map((a) => a.type)).toEqual(['message.sent', 'case.first_response']);
    expect(plan.events).toEqual([
      expect.objectContaining({
        type: 'CaseResponded',
        caseId: 'C1',
        detail: expect.objectContaining({ seconds: 240 }),
      }),
    ]);
  });

  it('does nothing for a message already recorded under another event id', () => {
    const first = event({});
    const plan = planEvent(detail(openCase, [stored(first)]), event({ eventId: 'other-id' }), ctx);
    expect(plan).toEqual({ kind: 'noop', reason: 'message already recorded' });
  });

  it('keeps the original text when the customer edits a message', () => {
    const first = event({});
    const edit = event({
      action: 'edit',
      eventId: 'edit-1',
      text: 'my bag AND my coat are lost',
      occurredAt: '2026-01-01T10:02:00.000Z',
    });
    const plan = planEvent(detail(openCase, [stored(first)]), edit, ctx);
    if (plan.kind !== 'change') throw new Error('expected a change');
    expect(plan.message).toEqual({
      kind: 'update',
      channel: 'x',
      platformMessageId: 'm1',
      set: { text: 'my bag AND my coat are lost' },
      appendEdit: { text: 'my bag is lost', at: '2026-01-01T10:02:00.000Z' },
    });
    expect(plan.audit[0]).toMatchObject({ type: 'message.edited', detail: { previousText: 'my bag is lost' } });
  });

  it('marks a deleted message deleted and logs it, keeping the text', () => {
    const first = event({});
    const deletion = event({ action: 'delete', eventId: 'del-1', text: '', occurredAt: '2026-01-01T10:03:00.000Z' });
    const plan = planEvent(detail(openCase, [stored(first)]), deletion, ctx);
    if (plan.kind !== 'change') throw new Error('expected a change');
    expect(plan.message).toMatchObject({ kind: 'update', set: { deletedAt: '2026-01-01T10:03:00.000Z' } });
    expect(plan.message).not.toHaveProperty('set.text');
    expect(plan.audit[0]?.type).toBe('message.deleted');
  });

  it('ignores an edit of a message it never saw', () => {
    const plan = planEvent(detail(openCase), event({ action: 'edit', eventId: 'e' }), ctx);
    expect(plan.kind).toBe('noop');
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
    const created = planEvent(detail(openCase, [stored(first)]), sent, ctx);
    if (created.kind !== 'change') throw new Error('expected a change');
    expect(created.case.firstResponseAt).toBe('2026-01-01T10:05:00.000Z');
    const withReply = [stored(first), { ...stored(sent), deliveryStatus: 'read' }];
    const older = planEvent(detail(openCase, withReply), { ...sent, eventId: 'd', deliveryStatus: 'delivered' }, ctx);
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
    const plan = planEvent(detail(resolved, [stored(event({}))]), again, ctx);
    if (plan.kind !== 'change') throw new Error('expected a change');
    expect(plan.case.status).toBe('open');
    expect(plan.case.resolvedAt).toBeUndefined();
    expect(plan.events.map((e) => e.type)).toEqual(['CaseReopened']);
  });
});
