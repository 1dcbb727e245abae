/** The parts of X's webhook bodies Sundown reads; everything else passes through untouched. */
import * as z from 'zod/mini';
import { X_V1_DATE } from '../time.ts';

const id = z.string().check(z.minLength(1));
const epochMillis = z.union([
  z.string().check(z.regex(/^\d+$/, 'expected epoch milliseconds')),
  z.number().check(z.int(), z.nonnegative()),
]);
const count = z.number().check(z.int(), z.nonnegative());

/** Profile fields, v1.1 (`screen_name`, `followers_count`) or v2 (`username`, `public_metrics`). */
export const xProfileSchema = z.looseObject({
  screen_name: z.optional(z.string().check(z.minLength(1))),
  username: z.optional(z.string().check(z.minLength(1))),
  name: z.optional(z.string()),
  verified: z.optional(z.boolean()),
  followers_count: z.optional(count),
  public_metrics: z.optional(z.looseObject({ followers_count: z.optional(count) })),
});

/** Account Activity `tweet_create_events[]`: a v1.1 Tweet object. */
export const v1TweetSchema = z
  .looseObject({
    id_str: id,
    text: z.optional(z.string()),
    extended_tweet: z.optional(z.looseObject({ full_text: z.string() })),
    in_reply_to_status_id_str: z.nullish(id),
    in_reply_to_user_id_str: z.nullish(id),
    created_at: z.optional(
      z.string().check(z.regex(X_V1_DATE, 'expected a date like "Fri Feb 14 19:00:55 +0000 2020"')),
    ),
    timestamp_ms: z.optional(epochMillis),
    user: z.extend(xProfileSchema, { id_str: id }),
  })
  .check(
    z.refine((tweet) => tweet.timestamp_ms !== undefined || tweet.created_at !== undefined, {
      message: 'missing: a tweet needs timestamp_ms or created_at',
      path: ['created_at'],
    }),
  );

/** Account Activity `tweet_delete_events[]`. */
export const v1DeleteSchema = z.looseObject({
  status: z.looseObject({ id, user_id: id }),
  timestamp_ms: epochMillis,
});

/** `direct_message_events[]` of type message_create, in both AAA and XAA `dm.*` payloads. */
export const dmEventSchema = z.looseObject({
  type: z.literal('message_create'),
  id,
  created_timestamp: epochMillis,
  message_create: z.looseObject({
    target: z.looseObject({ recipient_id: id }),
    sender_id: id,
    message_data: z.looseObject({ text: z.string() }),
  }),
});

export const dmPayloadSchema = z.looseObject({
  direct_message_events: z.array(z.unknown()),
  users: z.optional(z.record(z.string(), z.unknown())),
});

/** X Activity API envelope (docs.x.com /x-api/activity/event-payloads). */
export const xaaEnvelopeSchema = z.object({
  data: z.looseObject({
    event_type: z.string().check(z.minLength(1)),
    event_uuid: z.optional(z.string()),
    filter: z.optional(z.looseObject({ user_id: z.optional(id) })),
    payload: z.unknown(),
    includes: z.optional(z.looseObject({ users: z.optional(z.array(z.unknown())) })),
  }),
});

/** An X API v2 Post, the payload of `post.*.create`. */
export const v2PostSchema = z.looseObject({
  id,
  text: z.string(),
  author_id: id,
  created_at: z.iso.datetime({ offset: true }),
  conversation_id: z.optional(id),
  in_reply_to_user_id: z.optional(id),
  referenced_tweets: z.optional(z.array(z.looseObject({ type: z.string(), id }))),
});

export const v2DeleteSchema = z.looseObject({ id, author_id: id });
