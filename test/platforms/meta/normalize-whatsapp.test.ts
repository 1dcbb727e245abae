import { describe, expect, it } from 'vitest';
import { normalizeMeta } from '../../../functions/platforms/meta/index.ts';
import { BRAND, whatsappBatch } from '../../fixtures/derived-samples.ts';
import { sampleJson } from '../../fixtures/samples.ts';
import { context, normalized, onlyEvent } from '../support.ts';

const CUSTOMER = [
  { kind: 'whatsapp', value: '16505551234' },
  { kind: 'phone', value: '+16505551234' },
];

describe('normalizeMeta, WhatsApp', () => {
  it('turns a text message into an inbound message in the customer thread', () => {
    const payload = sampleJson('whatsapp-message-text.json');

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toEqual({
      version: 1,
      eventId: 'whatsapp:message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      platform: 'meta',
      channel: 'whatsapp',
      action: 'message',
      brandAccount: BRAND.whatsapp,
      threadKey: 'wa:16505551234',
      platformMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      direction: 'inbound',
      author: { id: '16505551234', name: 'Sheena Nelson' },
      identities: CUSTOMER,
      text: 'Does it come in another color?',
      occurredAt: '2025-06-08T20:59:43.000Z',
      receivedAt: context().receivedAt,
      visibility: 'private',
      raw: expect.any(String),
    });
    expect(JSON.parse(String(event.raw))).toEqual(payload.entry[0].changes[0].value.messages[0]);
  });

  it('keeps the message a product inquiry refers to as inReplyTo', () => {
    const payload = sampleJson('whatsapp-message-text-product-inquiry.json');

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      text: 'Is this still available?',
      inReplyTo: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA',
    });
  });

  it('writes a placeholder naming the type of a message without text', () => {
    const payload = sampleJson('whatsapp-message-contacts.json');

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({ text: '[contacts]', direction: 'inbound', threadKey: 'wa:16505551234' });
  });

  it.each([
    ['whatsapp-status-sent.json', 'sent', '2025-06-15T23:27:53.000Z'],
    ['whatsapp-status-failed.json', 'failed', '2025-06-28T20:34:48.000Z'],
  ])('turns %s into an outbound status of the brand message', (sample, status, occurredAt) => {
    const payload = sampleJson(sample);
    const statusId = payload.entry[0].changes[0].value.statuses[0].id;

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: `whatsapp:status:${statusId}:${status}`,
      action: 'status',
      direction: 'outbound',
      brandAccount: BRAND.whatsapp,
      threadKey: 'wa:16505551234',
      platformMessageId: statusId,
      deliveryStatus: status,
      author: { id: BRAND.whatsapp, handle: '15550783881' },
      identities: CUSTOMER,
      occurredAt,
    });
  });

  it('gives the v24 example of the same sent status the same eventId', () => {
    const [sent, v24] = ['whatsapp-status-sent.json', 'whatsapp-status-v24-second-example.json'].map((sample) =>
      onlyEvent(normalized(() => normalizeMeta(sampleJson(sample), context()))),
    );

    expect(v24?.eventId).toBe(sent?.eventId);
  });

  it('gives each status of one message its own eventId', () => {
    const payload = sampleJson('whatsapp-status-sent.json');
    const read = sampleJson('whatsapp-status-sent.json');
    read.entry[0].changes[0].value.statuses[0].status = 'read';

    const [sent, seen] = [payload, read].map((body) => onlyEvent(normalized(() => normalizeMeta(body, context()))));

    expect(seen?.eventId).not.toBe(sent?.eventId);
  });

  it('emits one event per message and status of a batch', () => {
    const payload = whatsappBatch();

    const result = normalized(() => normalizeMeta(payload, context()));

    expect(result.events.map((event) => [event.action, event.text, event.deliveryStatus])).toEqual([
      ['message', 'Does it come in another color?', undefined],
      ['message', '[contacts]', undefined],
      ['status', '', 'failed'],
    ]);
  });

  it('reports a message without from as ignored, naming the field', () => {
    const payload = sampleJson('whatsapp-message-text.json');
    delete payload.entry[0].changes[0].value.messages[0].from;

    const result = normalized(() => normalizeMeta(payload, context()));

    expect(result).toEqual({
      events: [],
      ignored: [
        {
          kind: 'whatsapp.messages',
          reason: expect.stringMatching(/^malformed: entry\.0\.changes\.0\.value\.messages\.0\.from: /),
        },
      ],
    });
  });
});
