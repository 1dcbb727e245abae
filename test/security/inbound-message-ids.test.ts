/**
 * An inbound source's message is known by its source, conversation and message id together. Two
 * different messages of one source must never share a platform id (and so an event id and a
 * message ref): the second would be taken for a duplicate of the first and lost.
 */
import { describe, expect, it } from 'vitest';
import { normalizeInbound } from '../../functions/platforms/inbound/index.ts';
import { inboundMessage } from '../fixtures/derived-samples.ts';
import { context, normalized, onlyEvent } from '../platforms/support.ts';

const CHAT = { channel: 'chat' } as const;

const idsOf = (conversationId: string, messageId: string) => {
  const payload = inboundMessage({ data: { conversationId, messageId } });
  const event = onlyEvent(normalized(() => normalizeInbound('chat', CHAT, payload, context())));
  return { platformMessageId: event.platformMessageId, eventId: event.eventId };
};

describe('inbound message ids', () => {
  it('differ for two messages whose conversation and message ids join to the same text', () => {
    // Act
    const first = idsOf('ticket:7', 'msg-1');
    const second = idsOf('ticket', '7:msg-1');
    // Assess
    expect(second.platformMessageId).not.toBe(first.platformMessageId);
    expect(second.eventId).not.toBe(first.eventId);
  });

  it('stay as they were for ids without a colon, so stored messages are still found', () => {
    // Act
    const ids = idsOf('ticket-7', 'msg-1');
    // Assess
    expect(ids.platformMessageId).toBe('chat:ticket-7:msg-1');
  });
});
