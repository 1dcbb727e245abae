/**
 * X through the real routes: CRC challenge, then the official samples (and payloads derived from
 * them) posted signed to /webhooks/x, queued, processed and read back from GET /cases/{id}.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRAND, xAaaBrandReply, xAaaCustomerPost, xXaaDmSent } from '../fixtures/derived-samples.ts';
import { type Json, sampleJson } from '../fixtures/samples.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';
import {
  allCases,
  auditTypes,
  busEventsOf,
  caseWithMessage,
  messageOf,
  postX,
  viewOf,
} from './intake-platforms.support.ts';

/** Author and post of x-aaa-tweet_create_events.composed.json, which xAaaCustomerPost() delivers to the brand. */
const CUSTOMER = { id: '2244994945', name: 'X Dev', handle: 'XDevelopers', followers: 512292 };
const CUSTOMER_POST_ID = '1228393702244134912';
const POSTED_AT = '2020-02-14T19:00:55.000Z';

/**
 * xAaaBrandReply() answers post 1051222721923756032 of user 6253282 (X data dictionary values),
 * which no sample delivers. Ids changed only: delivered for and written by the brand's AAA
 * account, with its own id, in reply to xAaaCustomerPost()'s post and author. Its created_at is
 * the sample's, the same second as the customer's post.
 */
const brandReplyToCustomerPost = (): Json => {
  const body = xAaaBrandReply();
  body.for_user_id = BRAND.xAaa;
  const tweet = body.tweet_create_events[0];
  tweet.id_str = '1228393702244134913';
  tweet.user.id = Number(BRAND.xAaa);
  tweet.user.id_str = BRAND.xAaa;
  tweet.in_reply_to_status_id_str = CUSTOMER_POST_ID;
  tweet.in_reply_to_user_id_str = CUSTOMER.id;
  return body;
};

/** xAaaCustomerPost() with another post id, for a scenario of its own. */
const customerPostWithId = (id: string): Json => {
  const body = xAaaCustomerPost();
  body.tweet_create_events[0].id_str = id;
  return body;
};

/**
 * x-aaa-tweet_delete_events.json deletes post 1045405559317569537 of user 930524282358325248,
 * which no sample delivers. Ids changed only: delivered for the brand, naming `postId` by the
 * sample customer. Its timestamp_ms (2015) is kept, though it is older than the post.
 */
const deletionOf = (postId: string): Json => {
  const body = sampleJson('x-aaa-tweet_delete_events.json');
  body.for_user_id = BRAND.xAaa;
  body.tweet_delete_events[0].status = { id: postId, user_id: CUSTOMER.id };
  return body;
};

describe('X webhooks end to end', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers the CRC challenge with the base64 HMAC-SHA256 of the token keyed by the consumer secret', async () => {
    // Prepare
    const token = 'challenge_string+/=';
    const expected = createHmac('sha256', TEST_SECRETS.X_CONSUMER_SECRET).update(token, 'utf8').digest('base64');

    // Act
    const answer = await stack.get(`/webhooks/x?crc_token=${encodeURIComponent(token)}`);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ response_token: `sha256=${expected}` });
  });

  it("opens a case for a customer's post, with the customer's name, handle and followers", async () => {
    // Act
    const accepted = await postX(stack, xAaaCustomerPost());
    await stack.drained();

    // Assess
    expect(accepted).toMatchObject({ queued: 1, ignored: [] });
    const view = await caseWithMessage(stack, 'x', CUSTOMER_POST_ID);
    expect(view.case).toMatchObject({
      status: 'open',
      brandAccount: BRAND.xAaa,
      channels: ['x'],
      customerName: CUSTOMER.name,
      customerHandle: CUSTOMER.handle,
      openedAt: POSTED_AT,
      awaitingResponseSince: POSTED_AT,
      messageCount: 1,
      subject: 'What did the developer write in their Valentine’s card? while(true) { I = Love(You); }',
    });
    expect(view.case.firstResponseAt).toBeUndefined();
    expect(messageOf(view, CUSTOMER_POST_ID)).toMatchObject({
      direction: 'inbound',
      author: { id: CUSTOMER.id, handle: CUSTOMER.handle, name: CUSTOMER.name, followers: CUSTOMER.followers },
      sentAt: POSTED_AT,
      url: `https://x.com/XDevelopers/status/${CUSTOMER_POST_ID}`,
    });
    expect(view.customer?.identities).toContainEqual({ kind: 'x', value: CUSTOMER.id });
    // The sample post is from 2020, so its SLA clocks breach at once; this test is about intake.
    expect(auditTypes(view).filter((type) => type.startsWith('case.') || type.startsWith('message.'))).toEqual([
      'case.opened',
      'message.received',
      'case.triaged',
    ]);
    // Half a million followers: the repo config's reach rule raises the priority.
    expect(view.case.triage?.reasons).toContain(`reach: ${CUSTOMER.followers} followers >= 10000`);
    expect(view.case.priority).toBe('high');
    expect(busEventsOf(stack, view.case.id, 'CaseOpened')).toHaveLength(1);
  });

  it('opens a case for a mention of the brand (X Activity API), with the public_metrics followers', async () => {
    // Act
    const accepted = await postX(stack, sampleJson('x-xaa-post.mention.create.json'));
    await stack.drained();

    // Assess
    expect(accepted).toMatchObject({ queued: 1, ignored: [] });
    const view = await caseWithMessage(stack, 'x', '2080765813578191303');
    expect(view.case).toMatchObject({
      status: 'open',
      brandAccount: BRAND.xXaa,
      customerName: 'OtherUser',
      customerHandle: 'OtherUser',
      subject: 'hey @ExampleUser',
      openedAt: '2026-07-24T21:23:23.000Z',
    });
    expect(view.messages[0]?.author).toMatchObject({ id: '2222222222222222222', followers: 97, verified: false });
  });

  it("records the brand's reply in the customer's case as outbound and as its first response", async () => {
    // Prepare
    await postX(stack, xAaaCustomerPost());
    await stack.drained();

    // Act
    const accepted = await postX(stack, brandReplyToCustomerPost());
    await stack.drained();

    // Assess
    expect(accepted).toMatchObject({ queued: 1, ignored: [] });
    const view = await caseWithMessage(stack, 'x', CUSTOMER_POST_ID);
    expect(messageOf(view, '1228393702244134913')).toMatchObject({
      direction: 'outbound',
      inReplyTo: CUSTOMER_POST_ID,
      author: { id: BRAND.xAaa },
    });
    expect(view.case).toMatchObject({
      status: 'responded',
      firstResponseAt: POSTED_AT,
      lastOutboundAt: POSTED_AT,
      customerName: CUSTOMER.name,
    });
    expect(view.case.awaitingResponseSince).toBeUndefined();
    const firstResponse = view.audit.filter((entry) => entry.type === 'case.first_response');
    expect(firstResponse).toHaveLength(1);
    expect(firstResponse[0]?.detail).toEqual({
      at: POSTED_AT,
      responseSeconds: 0,
      answeredBy: {
        channel: 'x',
        platformMessageId: '1228393702244134913',
        at: POSTED_AT,
        reason: 'brand message on x',
      },
    });
    expect(auditTypes(view)).toContain('message.sent');
    const responded = busEventsOf(stack, view.case.id, 'CaseResponded');
    expect(responded).toHaveLength(1);
    expect(responded[0]?.detail).toMatchObject({ firstResponseAt: POSTED_AT, seconds: 0 });
  });

  it("opens a DM case for a customer's direct message, threaded by the customer", async () => {
    // Act
    const accepted = await postX(stack, sampleJson('x-aaa-direct_message_events.json'));
    await stack.drained();

    // Assess
    expect(accepted).toMatchObject({ queued: 1, ignored: [] });
    const view = await caseWithMessage(stack, 'x', '954491830116155396');
    expect(view.case).toMatchObject({
      status: 'open',
      brandAccount: BRAND.xAaa,
      customerName: 'Jordan Brinks',
      customerHandle: 'furiouscamper',
      subject: 'Hello World!',
      openedAt: '2018-01-19T23:12:40.557Z',
    });
    expect(view.messages).toHaveLength(1);
    expect(view.messages[0]).toMatchObject({
      threadKey: 'dm:3001969357',
      direction: 'inbound',
      author: { id: '3001969357', followers: 22 },
    });
  });

  it("puts the brand's DM answer (dm.sent) in the customer's DM case and marks it responded", async () => {
    // Prepare
    await postX(stack, sampleJson('x-xaa-dm.received.json'));
    await stack.drained();

    // Act: xXaaDmSent() carries the same created_timestamp as the DM it answers, so it is sent after it.
    await postX(stack, xXaaDmSent());
    await stack.drained();

    // Assess
    // The customer's public mention (an earlier test) and their DM are one conversation: filter to the DM.
    const view = await caseWithMessage(stack, 'x', '2080765901528535096');
    const dms = view.messages.filter((m) => m.threadKey.startsWith('dm:'));
    expect(dms.map((m) => [m.platformMessageId, m.direction, m.threadKey])).toEqual([
      ['2080765901528535096', 'inbound', 'dm:2222222222222222222'],
      ['2080765901528535097', 'outbound', 'dm:2222222222222222222'],
    ]);
    expect(view.case).toMatchObject({ status: 'responded', firstResponseAt: '2026-07-24T21:23:44.372Z' });
    expect(busEventsOf(stack, view.case.id, 'CaseResponded')).toHaveLength(1);
  });

  it('marks a deleted post as deleted and keeps its text, with a message.deleted audit entry', async () => {
    // Prepare
    const postId = '1228393702244134999';
    await postX(stack, customerPostWithId(postId));
    await stack.drained();

    // Act
    const accepted = await postX(stack, deletionOf(postId));
    await stack.drained();

    // Assess
    expect(accepted).toMatchObject({ queued: 1, ignored: [] });
    const view = await caseWithMessage(stack, 'x', postId);
    expect(messageOf(view, postId)).toMatchObject({
      deletedAt: '2015-05-21T17:09:15.593Z',
      text: 'What did the developer write in their Valentine’s card?\n  \nwhile(true) {\n    I = Love(You);  \n}',
    });
    const deleted = view.audit.filter((entry) => entry.type === 'message.deleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]?.detail).toMatchObject({ platformMessageId: postId, deletedAt: '2015-05-21T17:09:15.593Z' });
  });

  it.each([
    { sample: 'x-aaa-favorite_events.composed.json', kind: 'favorite_events' },
    { sample: 'x-xaa-follow.follow.json', kind: 'follow.follow' },
    { sample: 'x-xaa-like.create.json', kind: 'like.create' },
    { sample: 'x-aaa-direct_message_indicate_typing_events.json', kind: 'direct_message_indicate_typing_events' },
    { sample: 'x-aaa-direct_message_mark_read_events.json', kind: 'direct_message_mark_read_events' },
    { sample: 'x-aaa-user_event-revoke.json', kind: 'user_event' },
  ])('acknowledges $kind ($sample) with 200, queues nothing and opens no case', async ({ sample, kind }) => {
    // Prepare
    const before = (await allCases(stack)).map((c) => c.id);

    // Act
    const accepted = await postX(stack, sampleJson(sample));
    await stack.drained();

    // Assess
    expect(accepted).toEqual({
      received: true,
      queued: 0,
      duplicates: 0,
      ignored: [{ kind, reason: 'carries no customer message' }],
      eventIds: [],
    });
    expect((await allCases(stack)).map((c) => c.id).sort()).toEqual(before.sort());
  });

  it('parked nothing on the intake DLQ', async () => {
    expect(await stack.queueDepth(stack.queues.intake.dlqUrl)).toBe(0);
    // Every case read back is well-formed through GET /cases/{id}.
    for (const c of await allCases(stack)) expect((await viewOf(stack, c.id)).case.id).toBe(c.id);
  });
});
