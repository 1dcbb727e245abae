import { describe, expect, it } from 'vitest';
import type { Case, Message } from '../../functions/domain/case.ts';
import { deriveConversation, nextStatus, startsNewCase, subjectOf } from '../../functions/domain/conversation.ts';

const message = (sentAt: string, direction: Message['direction'], channel: Message['channel'] = 'x'): Message => ({
  caseId: 'C1',
  channel,
  platformMessageId: `${direction}-${sentAt}`,
  direction,
  author: { id: direction === 'inbound' ? 'customer' : 'brand' },
  text: 'hello',
  sentAt,
  receivedAt: sentAt,
  threadKey: 't',
});

const baseCase: Case = {
  id: 'C1',
  brand: 'acme',
  brandAccount: 'b',
  channels: ['x'],
  customerId: 'P1',
  status: 'open',
  statusChangedAt: '2026-01-01T10:00:00.000Z',
  priority: 'normal',
  subject: 'hello',
  openedAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  messageCount: 1,
  version: 1,
};

describe('deriveConversation', () => {
  it('gives the same state whatever order the messages arrived in', () => {
    // Prepare
    const messages = [
      message('2026-01-01T10:00:00.000Z', 'inbound'),
      message('2026-01-01T10:05:00.000Z', 'outbound'),
      message('2026-01-01T10:07:00.000Z', 'inbound', 'email'),
    ];
    // Act
    const forward = deriveConversation(messages);
    const backward = deriveConversation([...messages].reverse());
    // Assess
    expect(backward).toEqual(forward);
    expect(forward).toMatchObject({
      messageCount: 3,
      firstMessageAt: '2026-01-01T10:00:00.000Z',
      firstResponseAt: '2026-01-01T10:05:00.000Z',
      lastInboundAt: '2026-01-01T10:07:00.000Z',
      lastOutboundAt: '2026-01-01T10:05:00.000Z',
      awaitingResponseSince: '2026-01-01T10:07:00.000Z',
    });
    expect([...forward.channels].sort()).toEqual(['email', 'x']);
  });

  it('waits since the oldest unanswered customer message', () => {
    const state = deriveConversation([
      message('2026-01-01T10:00:00.000Z', 'inbound'),
      message('2026-01-01T10:01:00.000Z', 'inbound'),
    ]);
    expect(state.awaitingResponseSince).toBe('2026-01-01T10:00:00.000Z');
    expect(state.firstResponseAt).toBeUndefined();
  });

  it('does not count a brand post before the customer spoke as a response', () => {
    const state = deriveConversation([
      message('2026-01-01T09:00:00.000Z', 'outbound'),
      message('2026-01-01T10:00:00.000Z', 'inbound'),
    ]);
    expect(state.firstResponseAt).toBeUndefined();
    expect(state.awaitingResponseSince).toBe('2026-01-01T10:00:00.000Z');
  });
});

describe('nextStatus', () => {
  it('moves an open case to responded when the brand answers', () => {
    const reply = message('2026-01-01T10:05:00.000Z', 'outbound');
    const state = deriveConversation([message('2026-01-01T10:00:00.000Z', 'inbound'), reply]);
    expect(nextStatus(baseCase, state, reply)).toBe('responded');
  });

  it('reopens a resolved case when the customer writes after resolution', () => {
    const resolved: Case = { ...baseCase, status: 'resolved', resolvedAt: '2026-01-01T11:00:00.000Z' };
    const later = message('2026-01-01T12:00:00.000Z', 'inbound');
    const state = deriveConversation([message('2026-01-01T10:00:00.000Z', 'inbound'), later]);
    expect(nextStatus(resolved, state, later)).toBe('open');
  });

  it('keeps a resolved case resolved when a late-delivered older message arrives', () => {
    const resolved: Case = { ...baseCase, status: 'resolved', resolvedAt: '2026-01-01T11:00:00.000Z' };
    const older = message('2026-01-01T10:30:00.000Z', 'inbound');
    expect(nextStatus(resolved, deriveConversation([older]), older)).toBe('resolved');
  });

  it('returns a waiting case to the brand when the customer answers', () => {
    const waiting: Case = { ...baseCase, status: 'waiting_on_customer', firstResponseAt: '2026-01-01T10:05:00.000Z' };
    const answer = message('2026-01-01T10:20:00.000Z', 'inbound');
    const state = deriveConversation([
      message('2026-01-01T10:00:00.000Z', 'inbound'),
      message('2026-01-01T10:05:00.000Z', 'outbound'),
      answer,
    ]);
    expect(nextStatus({ ...waiting, statusChangedAt: '2026-01-01T10:06:00.000Z' }, state, answer)).toBe('responded');
  });
});

describe('subjectOf', () => {
  it('puts the opening words on one line and shortens long text', () => {
    expect(subjectOf('my  bag\nis lost')).toBe('my bag is lost');
    const long = subjectOf('x'.repeat(500));
    expect(long).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('startsNewCase', () => {
  const resolved: Case = { ...baseCase, status: 'resolved', resolvedAt: '2026-01-01T12:00:00.000Z' };

  it('reopens within the window and starts a new case after it', () => {
    expect(startsNewCase(resolved, { direction: 'inbound', sentAt: '2026-01-07T11:59:00.000Z' }, 'P7D')).toBe(false);
    expect(startsNewCase(resolved, { direction: 'inbound', sentAt: '2026-01-08T12:01:00.000Z' }, 'P7D')).toBe(true);
  });

  it('never starts a new case for a brand message or an unresolved case', () => {
    expect(startsNewCase(resolved, { direction: 'outbound', sentAt: '2026-03-01T00:00:00.000Z' }, 'P7D')).toBe(false);
    expect(startsNewCase(baseCase, { direction: 'inbound', sentAt: '2026-03-01T00:00:00.000Z' }, 'P7D')).toBe(false);
  });
});
