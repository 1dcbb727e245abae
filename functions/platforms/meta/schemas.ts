/** The parts of Meta's webhook bodies Sundown reads (meta.md §4); everything else passes through. */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1));
/** Unix time, seconds or (Messenger) milliseconds, as a number or a numeric string. */
export const metaTime = z.union([
  z.number().check(z.nonnegative()),
  z.string().check(z.regex(/^\d+$/, 'expected unix time')),
]);

export const envelopeObjectSchema = z.looseObject({
  object: z.string().check(z.minLength(1)),
  entry: z.array(z.unknown()),
});

export const entrySchema = z.looseObject({
  /** Page id, Instagram account id or WhatsApp Business Account id. */
  id,
  /** When Meta sent the notification. */
  time: z.optional(metaTime),
  changes: z.optional(z.array(z.unknown())),
  messaging: z.optional(z.array(z.unknown())),
  /** Instagram with Business Login sends one change per entry as entry.field/value. */
  field: z.optional(z.string()),
  value: z.optional(z.unknown()),
  changed_fields: z.optional(z.array(z.string())),
});

export const changeSchema = z.looseObject({ field: z.string().check(z.minLength(1)), value: z.unknown() });

/** Page `feed` and `mention` both say what changed (`item`) and how (`verb`). */
export const itemVerbSchema = z.looseObject({
  item: z.string().check(z.minLength(1)),
  verb: z.string().check(z.minLength(1)),
});

export const feedValueSchema = z.extend(itemVerbSchema, {
  post_id: id,
  comment_id: z.optional(id),
  parent_id: z.optional(id),
  from: z.optional(z.looseObject({ id, name: z.optional(z.string()) })),
  message: z.optional(z.string()),
  created_time: z.optional(metaTime),
});

export const pageMentionValueSchema = z.extend(itemVerbSchema, {
  post_id: id,
  comment_id: z.optional(id),
  sender_id: id,
  sender_name: z.optional(z.string()),
  message: z.optional(z.string()),
  created_time: z.optional(metaTime),
});

/** Instagram `comments`: Business Login sends `id`, Facebook Login `comment_id`. */
export const instagramCommentValueSchema = z
  .looseObject({
    id: z.optional(id),
    comment_id: z.optional(id),
    from: z.looseObject({ id, username: z.optional(z.string()) }),
    text: z.optional(z.string()),
    media: z.looseObject({ id }),
    parent_id: z.optional(id),
  })
  .check(
    z.refine((value) => value.id !== undefined || value.comment_id !== undefined, {
      message: 'missing: a comment needs id or comment_id',
      path: ['id'],
    }),
  );

export const instagramMentionValueSchema = z.looseObject({ media_id: id, comment_id: z.optional(id) });

export const messagingItemSchema = z.looseObject({
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }),
  timestamp: metaTime,
  message: z.looseObject({
    mid: id,
    text: z.optional(z.string()),
    is_echo: z.optional(z.boolean()),
    /** Echoes name the app that sent the message: the Page inbox, or an automation (chatbot) app. */
    app_id: z.optional(z.union([z.string(), z.number()])),
    is_deleted: z.optional(z.boolean()),
    reply_to: z.optional(z.looseObject({ mid: z.optional(id) })),
    attachments: z.optional(z.array(z.looseObject({ type: z.optional(z.string()) }))),
  }),
});

const epochSeconds = z.string().check(z.regex(/^\d+$/, 'expected unix seconds'));

export const whatsappValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: id, display_phone_number: z.optional(z.string()) }),
  contacts: z.optional(
    z.array(z.looseObject({ wa_id: id, profile: z.optional(z.looseObject({ name: z.optional(z.string()) })) })),
  ),
  messages: z.optional(z.array(z.unknown())),
  statuses: z.optional(z.array(z.unknown())),
});

export const whatsappMessageSchema = z.looseObject({
  id,
  from: id,
  timestamp: epochSeconds,
  type: z.string().check(z.minLength(1)),
  text: z.optional(z.looseObject({ body: z.string() })),
  /** Present when the customer replies to (or asks about) an earlier message. */
  context: z.optional(z.looseObject({ id: z.optional(id) })),
});

export const whatsappStatusSchema = z.looseObject({
  id,
  status: z.string().check(z.minLength(1)),
  timestamp: epochSeconds,
  recipient_id: id,
});
