/** The parts of Meta's webhook bodies Sundown reads (meta.md §4); everything else passes through. */
import * as z from 'zod';

const id = z.string().min(1);
/** Unix time, seconds or (Messenger) milliseconds, as a number or a numeric string. */
export const metaTime = z.union([z.number().nonnegative(), z.string().regex(/^\d+$/, 'expected unix time')]);

export const envelopeObjectSchema = z.looseObject({ object: z.string().min(1), entry: z.array(z.unknown()) });

export const entrySchema = z.looseObject({
  /** Page id, Instagram account id or WhatsApp Business Account id. */
  id,
  /** When Meta sent the notification. */
  time: metaTime.optional(),
  changes: z.array(z.unknown()).optional(),
  messaging: z.array(z.unknown()).optional(),
  /** Instagram with Business Login sends one change per entry as entry.field/value. */
  field: z.string().optional(),
  value: z.unknown().optional(),
  changed_fields: z.array(z.string()).optional(),
});

export const changeSchema = z.looseObject({ field: z.string().min(1), value: z.unknown() });

/** Page `feed` and `mention` both say what changed (`item`) and how (`verb`). */
export const itemVerbSchema = z.looseObject({ item: z.string().min(1), verb: z.string().min(1) });

export const feedValueSchema = itemVerbSchema.extend({
  post_id: id,
  comment_id: id.optional(),
  parent_id: id.optional(),
  from: z.looseObject({ id, name: z.string().optional() }).optional(),
  message: z.string().optional(),
  created_time: metaTime.optional(),
});

export const pageMentionValueSchema = itemVerbSchema.extend({
  post_id: id,
  comment_id: id.optional(),
  sender_id: id,
  sender_name: z.string().optional(),
  message: z.string().optional(),
  created_time: metaTime.optional(),
});

/** Instagram `comments`: Business Login sends `id`, Facebook Login `comment_id`. */
export const instagramCommentValueSchema = z
  .looseObject({
    id: id.optional(),
    comment_id: id.optional(),
    from: z.looseObject({ id, username: z.string().optional() }),
    text: z.string().optional(),
    media: z.looseObject({ id }),
    parent_id: id.optional(),
  })
  .refine((value) => value.id !== undefined || value.comment_id !== undefined, {
    message: 'missing: a comment needs id or comment_id',
    path: ['id'],
  });

export const instagramMentionValueSchema = z.looseObject({ media_id: id, comment_id: id.optional() });

export const messagingItemSchema = z.looseObject({
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }),
  timestamp: metaTime,
  message: z.looseObject({
    mid: id,
    text: z.string().optional(),
    is_echo: z.boolean().optional(),
    /** Echoes name the app that sent the message: the Page inbox, or an automation (chatbot) app. */
    app_id: z.union([z.string(), z.number()]).optional(),
    is_deleted: z.boolean().optional(),
    reply_to: z.looseObject({ mid: id.optional() }).optional(),
    attachments: z.array(z.looseObject({ type: z.string().optional() })).optional(),
  }),
});

const epochSeconds = z.string().regex(/^\d+$/, 'expected unix seconds');

export const whatsappValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: id, display_phone_number: z.string().optional() }),
  contacts: z
    .array(z.looseObject({ wa_id: id, profile: z.looseObject({ name: z.string().optional() }).optional() }))
    .optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const whatsappMessageSchema = z.looseObject({
  id,
  from: id,
  timestamp: epochSeconds,
  type: z.string().min(1),
  text: z.looseObject({ body: z.string() }).optional(),
  /** Present when the customer replies to (or asks about) an earlier message. */
  context: z.looseObject({ id: id.optional() }).optional(),
});

export const whatsappStatusSchema = z.looseObject({
  id,
  status: z.string().min(1),
  timestamp: epochSeconds,
  recipient_id: id,
});
