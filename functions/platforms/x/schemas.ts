/** The parts of X's webhook bodies Sundown reads; everything else passes through untouched. */
import * as z from 'zod';
import { X_V1_DATE } from '../time.ts';

const id = z.string().min(1);
const epochMillis = z.union([z.string().regex(/^\d+$/, 'expected epoch milliseconds'), z.number().int().nonnegative()]);
const count = z.number().int().nonnegative();

/** Profile fields, v1.1 (`screen_name`, `followers_count`) or v2 (`username`, `public_metrics`). */
export const xProfileSchema = z.looseObject({
  screen_name: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  name: z.string().optional(),
  verified: z.boolean().optional(),
  followers_count: count.optional(),
  public_metrics: z.looseObject({ followers_count: count.optional() }).optional(),
});

/** Account Activity `tweet_create_events[]`: a v1.1 Tweet object. */
export const v1TweetSchema = z
  .looseObject({
    id_str: id,
    text: z.string().optional(),
    extended_tweet: z.looseObject({ full_text: z.string() }).optional(),
    in_reply_to_status_id_str: id.nullish(),
    in_reply_to_user_id_str: id.nullish(),
    created_at: z.string().regex(X_V1_DATE, 'expected a date like "Fri Feb 14 19:00:55 +0000 2020"').optional(),
    timestamp_ms: epochMillis.optional(),
    user: xProfileSchema.extend({ id_str: id }),
  })
  .refine((tweet) => tweet.timestamp_ms !== undefined || tweet.created_at !== undefined, {
    message: 'missing: a tweet needs timestamp_ms or created_at',
    path: ['created_at'],
  });

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
  users: z.record(z.string(), z.unknown()).optional(),
});

/** X Activity API envelope (docs.x.com /x-api/activity/event-payloads). */
export const xaaEnvelopeSchema = z.object({
  data: z.looseObject({
    event_type: z.string().min(1),
    event_uuid: z.string().optional(),
    filter: z.looseObject({ user_id: id.optional() }).optional(),
    payload: z.unknown(),
    includes: z.looseObject({ users: z.array(z.unknown()).optional() }).optional(),
  }),
});

/** An X API v2 Post, the payload of `post.*.create`. */
export const v2PostSchema = z.looseObject({
  id,
  text: z.string(),
  author_id: id,
  created_at: z.iso.datetime({ offset: true }),
  conversation_id: id.optional(),
  in_reply_to_user_id: id.optional(),
  referenced_tweets: z.array(z.looseObject({ type: z.string(), id })).optional(),
});

export const v2DeleteSchema = z.looseObject({ id, author_id: id });
