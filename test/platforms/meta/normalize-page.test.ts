import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../functions/platforms/errors.ts';
import { normalizeMeta } from '../../../functions/platforms/meta/index.ts';
import {
  BRAND,
  messengerEcho,
  messengerMessage,
  pageEnvelope,
  pageFeedComment,
  pageFeedStatusEntry,
} from '../../fixtures/derived-samples.ts';
import { sampleJson } from '../../fixtures/samples.ts';
import { context, normalized, onlyEvent } from '../support.ts';

describe('normalizeMeta, Facebook Page feed and mentions', () => {
  it('turns a status posted on the Page feed into an inbound message threaded by its post', () => {
    const payload = pageEnvelope(pageFeedStatusEntry());

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'facebook:message:44444444_444444444',
      platform: 'meta',
      channel: 'facebook',
      action: 'message',
      direction: 'inbound',
      brandAccount: BRAND.facebookPage,
      threadKey: '44444444_444444444',
      platformMessageId: '44444444_444444444',
      author: { id: '1067280970047460', name: 'Test Page' },
      identities: [{ kind: 'facebook', value: '1067280970047460' }],
      text: 'Example post content.',
      occurredAt: '2021-03-10T20:26:28.000Z',
    });
  });

  it('turns a comment into a message in the thread of its post, replying to its parent', () => {
    const payload = pageFeedComment();

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'facebook:message:444444444_555555555',
      action: 'message',
      direction: 'inbound',
      threadKey: `${BRAND.facebookPage}_444444444`,
      platformMessageId: '444444444_555555555',
      inReplyTo: `${BRAND.facebookPage}_444444444`,
      author: { id: '44444444', name: 'Example Name' },
      text: 'Example comment content.',
      occurredAt: '2021-03-10T20:26:40.000Z',
    });
  });

  it('marks a comment by the Page itself as outbound, with no customer identity', () => {
    const payload = pageFeedComment({
      commentId: '444444444_555555556',
      parentId: '444444444_555555555',
      from: { id: BRAND.facebookPage, name: 'Acme Air' },
      message: 'Sorry to hear that, we sent you a DM.',
    });

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({ direction: 'outbound', inReplyTo: '444444444_555555555', identities: [] });
  });

  it('turns verb edited into an edit whose eventId carries the edit time', () => {
    const payload = pageFeedComment({ verb: 'edited', message: 'Example comment, edited.', createdTime: 1615408100 });

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'facebook:edit:444444444_555555555:2021-03-10T20:28:20.000Z',
      action: 'edit',
      platformMessageId: '444444444_555555555',
      text: 'Example comment, edited.',
      occurredAt: '2021-03-10T20:28:20.000Z',
    });
  });

  it('gives two edits of one comment different eventIds', () => {
    const first = onlyEvent(
      normalized(() => normalizeMeta(pageFeedComment({ verb: 'edited', createdTime: 1615408100 }), context())),
    );
    const second = onlyEvent(
      normalized(() => normalizeMeta(pageFeedComment({ verb: 'edited', createdTime: 1615408200 }), context())),
    );

    expect(second.eventId).not.toBe(first.eventId);
  });

  it('turns verb remove into a delete', () => {
    const payload = pageFeedComment({ verb: 'remove', createdTime: 1615408300 });

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'facebook:delete:444444444_555555555',
      action: 'delete',
      platformMessageId: '444444444_555555555',
      text: '',
    });
  });

  it('ignores a feed verb it does not know, with a reason', () => {
    const entry = pageFeedStatusEntry();
    entry.changes[0].value.verb = 'hide';

    const result = normalized(() => normalizeMeta(pageEnvelope(entry), context()));

    expect(result).toEqual({
      events: [],
      ignored: [{ kind: 'page.feed', reason: 'verb hide of status is not handled' }],
    });
  });

  it('turns a Page mention into a message by its sender, at the entry time', () => {
    const payload = sampleJson('meta-page-mention.dashboard-sample.json');

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'facebook:message:44444444_444444444',
      channel: 'facebook',
      direction: 'inbound',
      brandAccount: '0',
      threadKey: '44444444_444444444',
      author: { id: '44444444', name: 'Example Name' },
      identities: [{ kind: 'facebook', value: '44444444' }],
      text: '[mention]',
      occurredAt: '2018-11-30T20:14:40.000Z',
    });
  });
});

describe('normalizeMeta, Messenger', () => {
  it('turns a customer message into an inbound message in their DM thread', () => {
    const payload = messengerMessage();

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      eventId: 'messenger:message:mid.1457764197618:41d102a3e1ae206a38',
      channel: 'messenger',
      action: 'message',
      direction: 'inbound',
      brandAccount: BRAND.facebookPage,
      threadKey: 'dm:1254459154682919',
      platformMessageId: 'mid.1457764197618:41d102a3e1ae206a38',
      author: { id: '1254459154682919' },
      identities: [{ kind: 'messenger', value: '1254459154682919' }],
      text: 'hello, world!',
      occurredAt: '2016-03-23T00:25:52.478Z',
    });
  });

  it('normalises the composed sample as sent, placeholders and all', () => {
    const payload = sampleJson('meta-messenger-message.composed.json');

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({ brandAccount: '<PAGE_ID>', threadKey: 'dm:<PSID>', direction: 'inbound' });
  });

  it("puts the Page's echo in the customer's thread, outbound", () => {
    const payload = messengerEcho();

    const event = onlyEvent(normalized(() => normalizeMeta(payload, context())));

    expect(event).toMatchObject({
      direction: 'outbound',
      threadKey: 'dm:1254459154682919',
      author: { id: BRAND.facebookPage },
      identities: [{ kind: 'messenger', value: '1254459154682919' }],
      text: 'Hello! How can we help?',
    });
  });
});

describe('normalizeMeta, batches and envelopes', () => {
  it('emits one event per change and messaging item across all entries of a batch', () => {
    const mention = sampleJson('meta-page-mention.dashboard-sample.json').entry[0];
    // Both dashboard samples use post 44444444_444444444; here the mention is of another post.
    mention.changes[0].value.post_id = '44444444_444444445';
    const comment = pageFeedComment().entry[0];
    const status = pageFeedStatusEntry();
    status.changes.push(comment.changes[0]);
    const payload = pageEnvelope(status, mention, messengerMessage().entry[0], messengerEcho().entry[0]);

    const result = normalized(() => normalizeMeta(payload, context()));

    expect(result.ignored).toEqual([]);
    expect(result.events.map((event) => [event.channel, event.platformMessageId, event.direction])).toEqual([
      ['facebook', '44444444_444444444', 'inbound'],
      ['facebook', '444444444_555555555', 'inbound'],
      ['facebook', '44444444_444444445', 'inbound'],
      ['messenger', 'mid.1457764197618:41d102a3e1ae206a38', 'inbound'],
      ['messenger', 'mid.1457764257618:41d102a3e1ae206a39', 'outbound'],
    ]);
  });

  it('ignores an object Sundown does not subscribe to', () => {
    const result = normalized(() => normalizeMeta(sampleJson('meta-graph-user-photos-sample.json'), context()));

    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([{ kind: 'user', reason: expect.stringContaining('object not subscribed') }]);
  });

  it('raises a PayloadError naming object for a bare change without its envelope', () => {
    const bare = sampleJson('meta-page-feed-status-add.dashboard-sample.json');

    expect(() => normalizeMeta(bare, context())).toThrow(PayloadError);
    expect(() => normalizeMeta(bare, context())).toThrow(/^object: .*; entry: /);
  });

  it('raises a PayloadError naming the entry id when it is missing', () => {
    const payload = pageFeedComment();
    delete payload.entry[0].id;

    expect(() => normalizeMeta(payload, context())).toThrow(/^entry\.0\.id: /);
  });

  it('reports a malformed change as ignored, naming the field, and keeps the others', () => {
    const payload = pageFeedComment();
    payload.entry[0].changes.push({ field: 'feed', value: { item: 'comment', verb: 'add', from: { id: '1' } } });

    const result = normalized(() => normalizeMeta(payload, context()));

    expect(result.events).toHaveLength(1);
    expect(result.ignored).toEqual([
      { kind: 'page.feed', reason: expect.stringMatching(/^malformed: entry\.0\.changes\.1\.value\.post_id: /) },
    ]);
  });
});
