import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../../../functions/commons/lossless-json.ts';
import { PayloadError } from '../../../functions/platforms/errors.ts';
import { normalizeX } from '../../../functions/platforms/x/index.ts';
import { BRAND, xAaaBrandReply, xAaaCustomerPost, xAaaLongform } from '../../fixtures/derived-samples.ts';
import { sampleJson } from '../../fixtures/samples.ts';
import { context, normalized, onlyEvent } from '../support.ts';

describe('normalizeX, Account Activity', () => {
  it('turns a customer post delivered for the brand into an inbound message', () => {
    // Prepare
    const payload = xAaaCustomerPost();

    // Act
    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    // Assess
    expect(event).toMatchObject({
      eventId: 'x:message:1228393702244134912',
      platform: 'x',
      channel: 'x',
      action: 'message',
      direction: 'inbound',
      brandAccount: BRAND.xAaa,
      threadKey: '1228393702244134912',
      platformMessageId: '1228393702244134912',
      author: { id: '2244994945', handle: 'XDevelopers', name: 'X Dev', followers: 512292, verified: true },
      identities: [{ kind: 'x', value: '2244994945' }],
      text: 'What did the developer write in their Valentine’s card?\n  \nwhile(true) {\n    I = Love(You);  \n}',
      occurredAt: '2020-02-14T19:00:55.000Z',
      url: 'https://x.com/XDevelopers/status/1228393702244134912',
    });
    expect(event.inReplyTo).toBeUndefined();
  });

  it("marks the subscribed user's own post as outbound", () => {
    const payload = sampleJson('x-aaa-tweet_create_events.composed.json');

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({ direction: 'outbound', brandAccount: '2244994945', identities: [] });
  });

  it("marks a post by another of the brand's X accounts as outbound", () => {
    const payload = xAaaCustomerPost();
    payload.tweet_create_events[0].user.id_str = BRAND.xXaa;

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({ direction: 'outbound', brandAccount: BRAND.xAaa, identities: [] });
  });

  it('threads a brand reply under the post it answers, with the customer as identity', () => {
    const payload = xAaaBrandReply();

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      direction: 'outbound',
      threadKey: '1051222721923756032',
      inReplyTo: '1051222721923756032',
      identities: [{ kind: 'x', value: '6253282' }],
    });
  });

  it('takes the full text of a truncated long post from extended_tweet', () => {
    const payload = xAaaLongform();

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      platformMessageId: '1924465506158878979',
      brandAccount: '1603419180975409153',
      direction: 'inbound',
      occurredAt: '2025-05-19T14:01:46.000Z',
    });
    expect(event.text).toMatch(/^The Antikythera Mechanism.*off the Greek island of Antikythera\.\.\.$/);
  });

  it('threads a direct message by the customer, with the profile from users{}', () => {
    const payload = sampleJson('x-aaa-direct_message_events.json');

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      eventId: 'x:message:954491830116155396',
      action: 'message',
      direction: 'inbound',
      brandAccount: BRAND.xAaa,
      threadKey: 'dm:3001969357',
      platformMessageId: '954491830116155396',
      author: { id: '3001969357', handle: 'furiouscamper', name: 'Jordan Brinks', followers: 22, verified: false },
      identities: [{ kind: 'x', value: '3001969357' }],
      text: 'Hello World!',
      occurredAt: '2018-01-19T23:12:40.557Z',
    });
  });

  it('ignores a direct message event whose type is not text, naming it, instead of failing on it', () => {
    // A signed body may carry any JSON; numbers too large for a double arrive as lossless values.
    const sample = sampleJson<{ direct_message_events: { type: unknown }[] }>('x-aaa-direct_message_events.json');
    const text = JSON.stringify(sample).replace('"type":"message_create"', '"type":[9007199254740993]');
    const payload = parseLosslessJson(text) as Parameters<typeof normalizeX>[0];

    const result = normalizeX(payload, context());

    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([{ kind: 'direct_message_events.object', reason: 'not a message' }]);
  });

  it('turns a deleted post into a delete of that post', () => {
    const payload = sampleJson('x-aaa-tweet_delete_events.json');

    const event = onlyEvent(normalized(() => normalizeX(payload, context())));

    expect(event).toMatchObject({
      eventId: 'x:delete:1045405559317569537',
      action: 'delete',
      platformMessageId: '1045405559317569537',
      author: { id: '930524282358325248' },
      direction: 'outbound',
      occurredAt: '2015-05-21T17:09:15.593Z',
    });
  });

  it.each([
    ['x-aaa-favorite_events.composed.json', 'favorite_events'],
    ['x-aaa-direct_message_indicate_typing_events.json', 'direct_message_indicate_typing_events'],
    ['x-aaa-direct_message_mark_read_events.json', 'direct_message_mark_read_events'],
    ['x-aaa-user_event-revoke.json', 'user_event'],
  ])('ignores %s with a reason', (sample, kind) => {
    const result = normalized(() => normalizeX(sampleJson(sample), context()));

    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([{ kind, reason: 'carries no customer message' }]);
  });

  it('yields the same eventId when X retries the same delivery', () => {
    const first = onlyEvent(normalized(() => normalizeX(xAaaCustomerPost(), context())));
    const retry = onlyEvent(
      normalized(() => normalizeX(xAaaCustomerPost(), { ...context(), receivedAt: '2026-07-25T00:00:00.000Z' })),
    );

    expect(retry.eventId).toBe(first.eventId);
  });

  it('raises a PayloadError naming for_user_id when events come without it', () => {
    const { for_user_id: _, ...payload } = xAaaCustomerPost();

    expect(() => normalizeX(payload, context())).toThrow(PayloadError);
    expect(() => normalizeX(payload, context())).toThrow(/^for_user_id: missing/);
  });

  it('raises a PayloadError naming the event list when it is not an array', () => {
    const payload = { ...xAaaCustomerPost(), tweet_create_events: {} };

    expect(() => normalizeX(payload, context())).toThrow('tweet_create_events: expected an array');
  });

  it('raises a PayloadError for a body that is neither Account Activity nor X Activity', () => {
    expect(() => normalizeX({ hello: 'world' }, context())).toThrow(PayloadError);
    expect(() => normalizeX([], context())).toThrow(/^\(root\)/);
  });

  it('reports a post without its user as ignored, naming the field, and keeps the rest of the batch', () => {
    const payload = xAaaCustomerPost();
    const { user: _, ...withoutUser } = payload.tweet_create_events[0];
    payload.tweet_create_events.push({ ...withoutUser, id_str: '1228393702244134913' });

    const result = normalized(() => normalizeX(payload, context()));

    expect(result.events).toHaveLength(1);
    expect(result.ignored).toEqual([
      { kind: 'tweet_create_events', reason: expect.stringMatching(/^malformed: tweet_create_events\.1\.user: /) },
    ]);
  });
});
