import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../functions/platforms/errors.ts';
import { normalizeInbound } from '../../../functions/platforms/inbound/index.ts';
import { inboundMessage } from '../../fixtures/derived-samples.ts';
import { sampleJson } from '../../fixtures/samples.ts';
import { context, normalized, onlyEvent } from '../support.ts';

const EMAIL = { channel: 'email' } as const;

describe('normalizeInbound', () => {
  it('turns message.created into an inbound message of the source conversation', () => {
    const payload = inboundMessage();

    const event = onlyEvent(normalized(() => normalizeInbound('email', EMAIL, payload, context())));

    expect(event).toMatchObject({
      eventId: 'email:message:email:1f81eb52-5198-4599-803e-771906343485:msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      platform: 'inbound',
      channel: 'email',
      action: 'message',
      direction: 'inbound',
      brandAccount: 'inbound:email',
      threadKey: '1f81eb52-5198-4599-803e-771906343485',
      platformMessageId: 'email:1f81eb52-5198-4599-803e-771906343485:msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      author: { name: 'John Smith', handle: 'test@example.com' },
      identities: [
        { kind: 'email', value: 'test@example.com' },
        { kind: 'phone', value: '+2813322575' },
      ],
      text: 'Does it come in another color?',
      occurredAt: '2022-11-03T20:26:10.344Z',
    });
  });

  it('links the customer by source-scoped id and social ids when given', () => {
    const payload = inboundMessage({
      data: { customer: { id: 'crm-42', handles: { x: '2244994945', instagram: '232323232' } } },
    });

    const event = onlyEvent(normalized(() => normalizeInbound('chat', { channel: 'chat' }, payload, context())));

    expect(event.author.id).toBe('crm-42');
    expect(event.identities).toEqual([
      { kind: 'external', value: 'chat:crm-42' },
      { kind: 'x', value: '2244994945' },
      { kind: 'instagram', value: '232323232' },
    ]);
  });

  it("marks an agent's answer outbound, authored by the agent", () => {
    const payload = inboundMessage({
      data: {
        messageId: 'msg-2',
        direction: 'outbound',
        agent: { id: 'agent-7', name: 'Sam' },
        inReplyTo: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      },
    });

    const event = onlyEvent(normalized(() => normalizeInbound('email', EMAIL, payload, context())));

    expect(event).toMatchObject({
      direction: 'outbound',
      author: { id: 'agent-7', name: 'Sam' },
      inReplyTo: 'email:1f81eb52-5198-4599-803e-771906343485:msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    });
  });

  it('turns message.updated into an edit whose eventId carries the edit time', () => {
    const payload = inboundMessage({
      type: 'message.updated',
      data: { occurredAt: '2022-11-03T21:00:00+01:00', text: 'Fixed typo' },
    });

    const event = onlyEvent(normalized(() => normalizeInbound('email', EMAIL, payload, context())));

    expect(event).toMatchObject({
      eventId:
        'email:edit:email:1f81eb52-5198-4599-803e-771906343485:msg_2KWPBgLlAfxdpx2AI54pPJ85f4W:2022-11-03T20:00:00.000Z',
      action: 'edit',
      text: 'Fixed typo',
      occurredAt: '2022-11-03T20:00:00.000Z',
    });
  });

  it('turns message.deleted into a delete', () => {
    const payload = inboundMessage({ type: 'message.deleted', data: { text: '' } });

    const event = onlyEvent(normalized(() => normalizeInbound('email', EMAIL, payload, context())));

    expect(event).toMatchObject({
      eventId: 'email:delete:email:1f81eb52-5198-4599-803e-771906343485:msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      action: 'delete',
    });
  });

  it('keeps the same message id from two sources apart', () => {
    const fromEmail = onlyEvent(normalized(() => normalizeInbound('email', EMAIL, inboundMessage(), context())));
    const fromRelay = onlyEvent(normalized(() => normalizeInbound('relay', EMAIL, inboundMessage(), context())));

    expect(fromRelay.eventId).not.toBe(fromEmail.eventId);
  });

  it('raises a PayloadError naming data.occurredAt when it is not an ISO date-time', () => {
    const payload = inboundMessage({ data: { occurredAt: 'yesterday' } });

    expect(() => normalizeInbound('email', EMAIL, payload, context())).toThrow(PayloadError);
    expect(() => normalizeInbound('email', EMAIL, payload, context())).toThrow(/^data\.occurredAt: /);
  });

  it('raises a PayloadError naming data.customer when nothing says who the customer is', () => {
    const payload = inboundMessage({ data: { customer: { name: 'John Smith' } } });

    expect(() => normalizeInbound('email', EMAIL, payload, context())).toThrow(
      /^data\.customer: needs at least one of/,
    );
  });

  it('raises a PayloadError naming type for a Standard Webhooks event that is not a message', () => {
    const payload = sampleJson('standard-webhooks-contact.created-full.json');

    expect(() => normalizeInbound('email', EMAIL, payload, context())).toThrow(/^type: /);
  });
});
