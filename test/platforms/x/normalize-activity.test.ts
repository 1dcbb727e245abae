import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../functions/platforms/errors.ts';
import { normalizeX } from '../../../functions/platforms/x/index.ts';
import { BRAND, xXaaCustomerReply, xXaaDmSent } from '../../fixtures/derived-samples.ts';
import { sampleJson } from '../../fixtures/samples.ts';
import { context, normalized, onlyEvent, RECEIVED_AT } from '../support.ts';

describe('normalizeX, X Activity API', () => {
  it('turns post.mention.create into an inbound message threaded by conversation_id', () => {
    const payload = sampleJson('x-xaa-post.mention.create.json');

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      eventId: 'x:message:2080765813578191303',
      platform: 'x',
      channel: 'x',
      action: 'message',
      direction: 'inbound',
      brandAccount: BRAND.xXaa,
      threadKey: '2080765813578191303',
      platformMessageId: '2080765813578191303',
      author: { id: '2222222222222222222', handle: 'OtherUser', name: 'OtherUser', followers: 97, verified: false },
      identities: [{ kind: 'x', value: '2222222222222222222' }],
      text: 'hey @ExampleUser',
      occurredAt: '2026-07-24T21:23:23.000Z',
      url: 'https://x.com/OtherUser/status/2080765813578191303',
    });
  });

  it("marks the brand's own post.create as outbound", () => {
    const payload = sampleJson('x-xaa-post.create.json');

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      direction: 'outbound',
      author: { id: BRAND.xXaa, handle: 'ExampleUser', followers: 5502, verified: true },
      text: 'Hello from the Activity API',
      identities: [],
    });
  });

  it('threads a reply in the conversation of the post it replies to, and says which post', () => {
    const payload = xXaaCustomerReply();

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      direction: 'inbound',
      threadKey: '2080761390344937796',
      inReplyTo: '2080761390344937796',
      platformMessageId: '2080765813578191303',
    });
  });

  it('turns dm.received into an inbound message in the DM thread of the sender', () => {
    const payload = sampleJson('x-xaa-dm.received.json');

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      eventId: 'x:message:2080765901528535096',
      direction: 'inbound',
      brandAccount: BRAND.xXaa,
      threadKey: 'dm:2222222222222222222',
      author: { id: '2222222222222222222', handle: 'OtherUser', followers: 97 },
      text: 'hello!',
      occurredAt: '2026-07-24T21:23:44.372Z',
    });
  });

  it('puts the brand answer of dm.sent in the same DM thread, outbound', () => {
    const payload = xXaaDmSent();

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      direction: 'outbound',
      threadKey: 'dm:2222222222222222222',
      author: { id: BRAND.xXaa, handle: 'ExampleUser' },
      identities: [{ kind: 'x', value: '2222222222222222222' }],
    });
  });

  it('turns post.delete into a delete, at the time it was received', () => {
    const payload = sampleJson('x-xaa-post.delete.json');

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      eventId: 'x:delete:2080761269309813134',
      action: 'delete',
      platformMessageId: '2080761269309813134',
      direction: 'outbound',
      author: { id: BRAND.xXaa, handle: 'ExampleUser' },
      occurredAt: RECEIVED_AT,
    });
  });

  it.each([
    ['x-xaa-like.create.json', 'like.create'],
    ['x-xaa-follow.follow.json', 'follow.follow'],
  ])('ignores %s with a reason', (sample, kind) => {
    const result = normalized(() => normalizeX(sampleJson(sample), context()));

    expect(result).toEqual({ events: [], ignored: [{ kind, reason: 'carries no customer message' }] });
  });

  it('gives AAA and XAA deliveries of the same post the same eventId', () => {
    const activity = sampleJson('x-xaa-post.mention.create.json');

    const event = onlyEvent(normalized(() => normalizeX(activity, context())));

    expect(event.eventId).toBe(`x:message:${activity.data.payload.id}`);
  });

  it('raises a PayloadError naming the field when a post has no id', () => {
    const payload = sampleJson('x-xaa-post.mention.create.json');
    delete payload.data.payload.id;

    expect(() => normalizeX(payload, context())).toThrow(PayloadError);
    expect(() => normalizeX(payload, context())).toThrow(/^data\.payload\.id: /);
  });

  it('raises a PayloadError naming data.filter.user_id when the brand is unknown', () => {
    const payload = sampleJson('x-xaa-post.create.json');
    delete payload.data.filter;

    expect(() => normalizeX(payload, context())).toThrow(/^data\.filter\.user_id: missing/);
  });

  it('raises a PayloadError naming data.event_type when it is missing', () => {
    const payload = sampleJson('x-xaa-post.create.json');
    delete payload.data.event_type;

    expect(() => normalizeX(payload, context())).toThrow(/^data\.event_type: /);
  });
});
