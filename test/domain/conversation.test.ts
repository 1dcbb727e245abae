import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case, Message } from '../../functions/domain/case.ts';
import {
  advanceConversation,
  deriveConversation,
  EMPTY_CONVERSATION,
  joinsCase,
  nextStatus,
  subjectOf,
} from '../../functions/domain/conversation.ts';

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

describe('joinsCase', () => {
  const windows = { window: 'P7D', reopenWithin: 'P7D' };
  const latest: Case = { ...baseCase, lastMessageAt: '2026-01-01T12:00:00.000Z' };
  const resolved: Case = { ...latest, status: 'resolved', resolvedAt: '2026-01-01T12:00:00.000Z' };

  it("joins the customer's latest case within the window of its latest message, and not after", () => {
    expect(joinsCase(latest, { direction: 'inbound', sentAt: '2026-01-08T11:59:00.000Z' }, windows)).toBe(true);
    expect(joinsCase(latest, { direction: 'inbound', sentAt: '2026-01-08T12:01:00.000Z' }, windows)).toBe(false);
  });

  it('uses the shorter window it is given, as for public posts', () => {
    const publicWindow = { window: 'P1D', reopenWithin: 'P7D' };
    expect(joinsCase(latest, { direction: 'inbound', sentAt: '2026-01-03T12:00:00.000Z' }, publicWindow)).toBe(false);
  });

  it('reopens a resolved case within reopenWithin of its resolution and starts a new case after it', () => {
    const shortReopen = { window: 'P30D', reopenWithin: 'P2D' };
    expect(joinsCase(resolved, { direction: 'inbound', sentAt: '2026-01-03T11:00:00.000Z' }, shortReopen)).toBe(true);
    expect(joinsCase(resolved, { direction: 'inbound', sentAt: '2026-01-04T13:00:00.000Z' }, shortReopen)).toBe(false);
  });

  it('takes a late-delivered older message of the same conversation, but not one from long before it', () => {
    expect(joinsCase(latest, { direction: 'inbound', sentAt: '2025-12-30T10:00:00.000Z' }, windows)).toBe(true);
    expect(joinsCase(latest, { direction: 'inbound', sentAt: '2025-12-01T10:00:00.000Z' }, windows)).toBe(false);
  });
});

interface Spec {
  readonly second: number;
  readonly direction: Message['direction'];
  readonly failed: boolean;
  readonly automated: boolean;
  readonly channel: Message['channel'];
}

describe('advanceConversation', () => {
  const T0 = Date.parse('2026-01-01T10:00:00.000Z');
  const generated = fc.array(
    fc.record({
      second: fc.integer({ min: 0, max: 40 }),
      direction: fc.constantFrom<Message['direction']>('inbound', 'outbound'),
      failed: fc.boolean(),
      automated: fc.boolean(),
      channel: fc.constantFrom<Message['channel']>('x', 'whatsapp', 'email'),
    }),
    { minLength: 1, maxLength: 12 },
  );
  const toMessages = (specs: readonly Spec[]): Message[] =>
    specs.map((spec, index) => ({
      ...message(new Date(T0 + spec.second * 1000).toISOString(), spec.direction, spec.channel),
      platformMessageId: `m${index}`,
      ...(spec.direction === 'outbound' && spec.failed && { deliveryStatus: 'failed' }),
      ...(spec.direction === 'outbound' && spec.automated && { notAnAnswer: 'automated reply' }),
    }));

  it('adds messages one at a time in any order to the same state as deriving it from all of them', () => {
    fc.assert(
      fc.property(generated, fc.nat(), (specs, seed) => {
        const messages = toMessages(specs);
        const shuffled =
          fc.sample(fc.shuffledSubarray(messages, { minLength: messages.length }), { seed, numRuns: 1 })[0] ?? messages;

        const stepwise = shuffled.reduce(advanceConversation, EMPTY_CONVERSATION);
        const reference = deriveConversation(messages);

        expect({ ...stepwise, channels: [...stepwise.channels].sort() }).toEqual({
          ...reference,
          channels: [...reference.channels].sort(),
        });
      }),
      { numRuns: 400 },
    );
  });

  it('counts only real brand messages as answers: not a failed send, not an automated reply', () => {
    fc.assert(
      fc.property(generated, (specs) => {
        const messages = toMessages(specs);
        const state = deriveConversation(messages);
        const answers = messages.filter((m) => m.direction === 'outbound' && !m.deliveryStatus && !m.notAnAnswer);
        const inbound = messages
          .filter((m) => m.direction === 'inbound')
          .map((m) => m.sentAt)
          .sort();
        const firstInbound = inbound[0];
        const expectedFirst = answers
          .map((m) => m.sentAt)
          .filter((at) => firstInbound !== undefined && at >= firstInbound)
          .sort()[0];
        const lastAnswer = answers
          .map((m) => m.sentAt)
          .sort()
          .at(-1);
        const expectedAwaiting = inbound.find((at) => lastAnswer === undefined || at > lastAnswer);

        expect(state.firstResponseAt).toBe(expectedFirst);
        expect(state.awaitingResponseSince).toBe(expectedAwaiting);
      }),
      { numRuns: 400 },
    );
  });

  it('names the message that answered and why', () => {
    const state = deriveConversation([
      message('2026-01-01T10:00:00.000Z', 'inbound'),
      { ...message('2026-01-01T10:01:00.000Z', 'outbound', 'whatsapp'), deliveryStatus: 'failed' },
      { ...message('2026-01-01T10:02:00.000Z', 'outbound', 'messenger'), notAnAnswer: 'automated reply (app 42)' },
      { ...message('2026-01-01T10:03:00.000Z', 'outbound', 'whatsapp'), deliveryStatus: 'delivered' },
    ]);

    expect(state.answeredBy).toEqual({
      channel: 'whatsapp',
      platformMessageId: 'outbound-2026-01-01T10:03:00.000Z',
      at: '2026-01-01T10:03:00.000Z',
      reason: 'brand message on whatsapp (delivered)',
    });
  });
});
