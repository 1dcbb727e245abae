import { describe, expect, it } from 'vitest';
import { normalizeMeta } from '../../../functions/platforms/meta/index.ts';
import {
  BRAND,
  instagramBrandReply,
  instagramCommentBusinessLogin,
  instagramCommentFacebookLogin,
  instagramDmDeleted,
  instagramMention,
} from '../../fixtures/derived-samples.ts';
import { context, normalized, onlyEvent } from '../support.ts';

describe('normalizeMeta, Instagram', () => {
  it('turns a comment (Business Login, entry.field/value) into an inbound message threaded by its media', () => {
    const payload = instagramCommentBusinessLogin();

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'instagram:message:17865799348089039',
      platform: 'meta',
      channel: 'instagram',
      action: 'message',
      // The commenter's id is the brand's Facebook Page id in sundown.config.json: direction is per channel.
      direction: 'inbound',
      brandAccount: BRAND.instagram,
      threadKey: '123123123',
      platformMessageId: '17865799348089039',
      inReplyTo: '1231231234',
      author: { id: '232323232', handle: 'test' },
      identities: [{ kind: 'instagram', value: '232323232' }],
      text: 'This is an example.',
      occurredAt: '2018-03-09T19:16:08.000Z',
    });
  });

  it('reads the same comment sent by Facebook Login for Business (changes[], comment_id) the same way', () => {
    const businessLogin = onlyEvent(normalized(() => normalizeMeta(instagramCommentBusinessLogin(), context())));

    const facebookLogin = onlyEvent(normalized(() => normalizeMeta(instagramCommentFacebookLogin(), context())));

    expect({ ...facebookLogin, raw: undefined }).toEqual({ ...businessLogin, raw: undefined });
  });

  it("marks the brand account's reply to a comment as outbound", () => {
    const payload = instagramBrandReply();

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      direction: 'outbound',
      inReplyTo: '17865799348089039',
      threadKey: '123123123',
      author: { id: BRAND.instagram, handle: 'acmeair' },
      identities: [],
    });
  });

  it('turns a mention in a comment into a message of unknown author, threaded by the media', () => {
    const payload = instagramMention('comment');

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'instagram:message:17894227972186120',
      direction: 'inbound',
      brandAccount: BRAND.instagram,
      threadKey: '17918195224117851',
      platformMessageId: '17894227972186120',
      inReplyTo: '17918195224117851',
      author: { id: 'unknown:17894227972186120' },
      identities: [],
      text: '[mention]',
      occurredAt: '2018-03-09T19:16:08.000Z',
    });
  });

  it('turns a mention in a caption into a message that is the media itself', () => {
    const payload = instagramMention('media');

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({ platformMessageId: '17918195224117851', threadKey: '17918195224117851' });
    expect(event.inReplyTo).toBeUndefined();
  });

  it('turns a DM marked is_deleted into a delete of that message', () => {
    const payload = instagramDmDeleted();

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'instagram:delete:mid.1457764197618:41d102a3e1ae206a38',
      channel: 'instagram',
      action: 'delete',
      threadKey: 'dm:6543210987654321',
      identities: [{ kind: 'instagram', value: '6543210987654321' }],
    });
  });
});
