/**
 * Per-platform builders for the case-identity end-to-end tests: a customer's message under a
 * brand post, another person's reply under it, and the brand's reply, each derived from the
 * official samples by changing ids, authors and timestamps only (derived-samples.ts bases).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import type { Channel } from '../../functions/domain/case.ts';
import {
  BRAND,
  instagramCommentBusinessLogin,
  pageFeedComment,
  xAaaCustomerPost,
  xXaaCustomerReply,
  xXaaDmSent,
} from '../fixtures/derived-samples.ts';
import { type Json, sampleJson } from '../fixtures/samples.ts';
import type { TestStack } from '../support/local-stack.ts';
import { type Accepted, postMeta, postX } from './intake-platforms.support.ts';

export interface Person {
  readonly id: string;
  readonly name: string;
}

/** A message already written: its id and its author. */
export interface Written {
  readonly id: string;
  readonly author: Person;
}

export interface PlatformShapes {
  readonly name: string;
  readonly channel: Channel;
  readonly post: (stack: TestStack, body: Json) => Promise<Accepted>;
  /** A fresh message id and a fresh person of this platform. */
  readonly newId: () => string;
  readonly newPerson: () => Person;
  /** `who` writes `id` under the brand's post (a reply, a comment, a mention on one third-party post). */
  readonly underBrandPost: (who: Person, id: string, at: Date) => Json;
  /** `who` replies to message `to` in the same thread. */
  readonly replyTo: (who: Person, id: string, to: Written, at: Date) => Json;
  /** The brand answers message `to` in public. */
  readonly brandReply: (id: string, to: Written, at: Date) => Json;
  /** The brand answers `to`'s author by direct message, where the platform has DMs in these tests. */
  readonly brandDm?: (id: string, to: Person, at: Date) => Json;
}

let sequence = 0;
const next = () => ++sequence;
const digits = (base: bigint) => () => String(base + BigInt(next()));

/** The v1.1 created_at format, `Fri Feb 14 19:00:55 +0000 2020`, from toUTCString's `Fri, 14 Feb 2020 19:00:55 GMT`. */
const xCreatedAt = (at: Date): string => {
  const [weekday, day, month, year, time] = at.toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${time} +0000 ${year}`;
};

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

// X Account Activity v1.1 -----------------------------------------------------------------------

/** The brand's post the customers reply to; no sample delivers it (a brand post opens nothing). */
const X_AAA_BRAND_POST = '1228393702244130000';
const X_AAA_BRAND = { id: BRAND.xAaa, name: 'Acme Air' };

/**
 * xAaaCustomerPost() (x-aaa-tweet_create_events.composed.json for the brand) with id_str,
 * created_at and the user's id, id_str, name and screen_name changed, made a reply with
 * in_reply_to_status_id_str / in_reply_to_user_id_str (as xAaaBrandReply() adds them).
 */
const xAaaTweet = (who: Person, id: string, at: Date, to: Written): Json => {
  const body = xAaaCustomerPost();
  const tweet = body.tweet_create_events[0];
  tweet.id_str = id;
  tweet.created_at = xCreatedAt(at);
  tweet.text = `@${to.author.name} ${who.name} writes ${id}`;
  Object.assign(tweet.user, { id: Number(who.id), id_str: who.id, name: who.name, screen_name: who.name });
  tweet.in_reply_to_status_id_str = to.id;
  tweet.in_reply_to_user_id_str = to.author.id;
  return body;
};

/**
 * x-aaa-direct_message_events.json (for the brand's account already) sent by the brand: sender and
 * recipient ids, id, created_timestamp and text changed.
 */
const xAaaDm = (id: string, to: Person, at: Date): Json => {
  const body = sampleJson('x-aaa-direct_message_events.json');
  const dm = body.direct_message_events[0];
  dm.id = id;
  dm.created_timestamp = String(at.getTime());
  dm.message_create.sender_id = BRAND.xAaa;
  dm.message_create.target.recipient_id = to.id;
  dm.message_create.message_data.text = `So sorry ${to.name}, we are on it`;
  return body;
};

export const xAccountActivity: PlatformShapes = {
  name: 'X Account Activity v1.1',
  channel: 'x',
  post: postX,
  newId: digits(1_900_000_000_000_000_000n),
  newPerson: () => {
    const n = next();
    return { id: String(7_100_000_000 + n), name: `xaaa_customer_${n}` };
  },
  underBrandPost: (who, id, at) => xAaaTweet(who, id, at, { id: X_AAA_BRAND_POST, author: X_AAA_BRAND }),
  replyTo: (who, id, to, at) => xAaaTweet(who, id, at, to),
  brandReply: (id, to, at) => xAaaTweet(X_AAA_BRAND, id, at, to),
  brandDm: xAaaDm,
};

// X Activity API (v2) ---------------------------------------------------------------------------

/** The brand's post of x-xaa-post.create.json, which xXaaCustomerReply() answers. */
const X_XAA_BRAND_POST = '2080761390344937796';

/**
 * xXaaCustomerReply() (x-xaa-post.mention.create.json as a reply in the brand post's conversation):
 * payload id, created_at, text and author_id changed, the author's includes.users entry given the
 * new id and username, and referenced_tweets pointing at the message replied to. A brand reply is
 * written by filter.user_id (whose includes.users entry the sample has) and names in_reply_to_user_id.
 */
const xXaaPost = (who: Person, id: string, at: Date, to: Written): Json => {
  const body = xXaaCustomerReply();
  const post = body.data.payload;
  const fromBrand = who.id === BRAND.xXaa;
  post.id = id;
  post.edit_history_tweet_ids = [id];
  post.created_at = at.toISOString();
  post.text = `@${to.author.name} ${who.name} writes ${id}`;
  post.author_id = who.id;
  post.referenced_tweets = [{ type: 'replied_to', id: to.id }];
  if (fromBrand) post.in_reply_to_user_id = to.author.id;
  if (!fromBrand) Object.assign(body.data.includes.users[0], { id: who.id, username: who.name, name: who.name });
  return body;
};

/** xXaaDmSent() (dm.sent by the brand) to `to`: recipient, id, created_timestamp and text changed. */
const xXaaDm = (id: string, to: Person, at: Date): Json => {
  const body = xXaaDmSent();
  const dm = body.data.payload.direct_message_events[0];
  dm.id = id;
  dm.created_timestamp = String(at.getTime());
  dm.message_create.target.recipient_id = to.id;
  dm.message_create.message_data.text = `So sorry ${to.name}, we are on it`;
  return body;
};

export const xActivityApi: PlatformShapes = {
  name: 'X Activity API (v2)',
  channel: 'x',
  post: postX,
  newId: digits(2_080_800_000_000_000_000n),
  newPerson: () => {
    const n = next();
    return { id: String(3_333_333_333_333_000_000n + BigInt(n)), name: `xaa_customer_${n}` };
  },
  underBrandPost: (who, id, at) =>
    xXaaPost(who, id, at, { id: X_XAA_BRAND_POST, author: { id: BRAND.xXaa, name: 'ExampleUser' } }),
  replyTo: (who, id, to, at) => xXaaPost(who, id, at, to),
  brandReply: (id, to, at) => xXaaPost({ id: BRAND.xXaa, name: 'ExampleUser' }, id, at, to),
  brandDm: xXaaDm,
};

// Facebook Page feed comments ----------------------------------------------------------------------

/** pageFeedComment() (meta-page-feed-comment.TEMPLATE.json filled): comment id, parent, author and time set. */
const feedComment = (who: Person, id: string, at: Date, parentId?: string): Json =>
  pageFeedComment({
    commentId: id,
    ...(parentId && { parentId }),
    from: { id: who.id, name: who.name },
    message: `${who.name} writes ${id}`,
    createdTime: seconds(at),
  });

export const facebookComments: PlatformShapes = {
  name: 'Facebook Page feed comments',
  channel: 'facebook',
  post: postMeta,
  newId: () => `444444444_${600_000_000 + next()}`,
  newPerson: () => {
    const n = next();
    return { id: String(45_000_000 + n), name: `fb_customer_${n}` };
  },
  underBrandPost: (who, id, at) => feedComment(who, id, at),
  replyTo: (who, id, to, at) => feedComment(who, id, at, to.id),
  brandReply: (id, to, at) => feedComment({ id: BRAND.facebookPage, name: 'Acme Air' }, id, at, to.id),
};

// Instagram comments ----------------------------------------------------------------------------

/**
 * instagramCommentBusinessLogin() (meta-instagram-comments.dashboard-sample.json in its envelope):
 * entry time, comment id, parent_id, text and from changed; media.id kept, so every comment is on one media.
 */
const instagramComment = (who: Person, id: string, at: Date, parentId?: string): Json => {
  const body = instagramCommentBusinessLogin();
  const entry = body.entry[0];
  entry.time = seconds(at);
  entry.value.id = id;
  entry.value.from = { id: who.id, username: who.name };
  entry.value.text = `${who.name} writes ${id}`;
  if (parentId) entry.value.parent_id = parentId;
  else delete entry.value.parent_id;
  return body;
};

export const instagramComments: PlatformShapes = {
  name: 'Instagram comments',
  channel: 'instagram',
  post: postMeta,
  newId: digits(17_865_800_000_000_000n),
  newPerson: () => {
    const n = next();
    return { id: String(17_841_400_000_000_000n + BigInt(n)), name: `ig_customer_${n}` };
  },
  underBrandPost: (who, id, at) => instagramComment(who, id, at),
  replyTo: (who, id, to, at) => instagramComment(who, id, at, to.id),
  brandReply: (id, to, at) => instagramComment({ id: BRAND.instagram, name: 'acmeair' }, id, at, to.id),
};

// Facebook Page mentions -----------------------------------------------------------------------

/** The third-party post of meta-page-mention.dashboard-sample.json. */
const MENTIONED_ON = '44444444_444444444';

/**
 * meta-page-mention.dashboard-sample.json with entry id set to the brand's Page and the mention made
 * in a comment on the sample's post: item comment, comment_id, sender_id, sender_name, created_time
 * and message set (fields of the page `mention` reference).
 */
const pageMention = (who: Person, id: string, at: Date): Json => {
  const body = sampleJson('meta-page-mention.dashboard-sample.json');
  const entry = body.entry[0];
  entry.id = BRAND.facebookPage;
  entry.time = seconds(at) + 1;
  Object.assign(entry.changes[0].value, {
    item: 'comment',
    comment_id: id,
    sender_id: who.id,
    sender_name: who.name,
    created_time: seconds(at),
    message: `@Acme Air ${who.name} writes ${id}`,
  });
  return body;
};

export const facebookMentions: PlatformShapes = {
  name: 'Facebook Page mentions',
  channel: 'facebook',
  post: postMeta,
  newId: () => `444444444_${700_000_000 + next()}`,
  newPerson: () => {
    const n = next();
    return { id: String(46_000_000 + n), name: `mention_customer_${n}` };
  },
  underBrandPost: (who, id, at) => pageMention(who, id, at),
  // Another person answering under the customer's comment mentions the Page too, or Meta sends nothing.
  replyTo: (who, id, _to, at) => pageMention(who, id, at),
  /**
   * The Page's answer under the customer's mention: the feed comment template with the third-party
   * post as post_id and the customer's comment as parent_id, written by the Page.
   */
  brandReply: (id, to, at) => {
    const body = feedComment({ id: BRAND.facebookPage, name: 'Acme Air' }, id, at, to.id);
    body.entry[0].changes[0].value.post_id = MENTIONED_ON;
    return body;
  },
};

export const PLATFORMS: readonly PlatformShapes[] = [
  xAccountActivity,
  xActivityApi,
  facebookComments,
  instagramComments,
  facebookMentions,
];

/** The case store of the stack's table: where a platform message is, without listing every case. */
export const storeOf = (
  stack: TestStack,
): { store: DynamoCaseStore; processedEventIds: () => Promise<Set<string>>; close: () => void } => {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return {
    store: new DynamoCaseStore({ client: documentClient, tableName: stack.tableName }),
    /** Every platform event the table records as applied: dedupe markers, and the message refs that are one. */
    processedEventIds: async () => {
      const ids = new Set<string>();
      const pages = paginateScan(
        { client: documentClient },
        { TableName: stack.tableName, FilterExpression: 'attribute_exists(idempotencyKey)', ConsistentRead: true },
      );
      for await (const page of pages) for (const item of page.Items ?? []) ids.add(String(item.idempotencyKey));
      return ids;
    },
    close: () => client.destroy(),
  };
};
