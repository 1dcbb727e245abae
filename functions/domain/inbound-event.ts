/**
 * The one internal shape every platform webhook is normalised into before it is queued.
 * The receiver produces it, the intake queue carries it, the processor applies it to a case.
 * Version 1 of a contract: add optional fields, never rename or remove.
 */
import * as z from 'zod/mini';
import { CHANNELS, IDENTITY_KINDS } from './case.ts';
import { isoTimestamp } from './contract.ts';

/**
 * message: a new post, comment, DM or WhatsApp message (inbound from the customer or the brand's own reply)
 * edit: the author changed an earlier message
 * delete: the author removed an earlier message (or unsent it)
 * status: delivery state of a brand message (WhatsApp sent/delivered/read/failed)
 */
export const INBOUND_ACTIONS = ['message', 'edit', 'delete', 'status'] as const;
export type InboundAction = (typeof INBOUND_ACTIONS)[number];

export const inboundEventSchema = z.object({
  version: z.literal(1),
  /** Unique per platform event and action; the durable dedupe key. */
  eventId: z.string().check(z.minLength(1)),
  /** The id of the platform module that received it (functions/platforms/registry.ts); the domain names none. */
  platform: z.string().check(z.minLength(1)),
  channel: z.enum(CHANNELS),
  action: z.enum(INBOUND_ACTIONS),
  /** The brand's account the webhook was delivered for (X for_user_id, page id, IG account id, WhatsApp phone number id). */
  brandAccount: z.string().check(z.minLength(1)),
  /** Where the message lives on the platform (the post it is under, the DM conversation); not the case. */
  threadKey: z.string().check(z.minLength(1)),
  platformMessageId: z.string().check(z.minLength(1)),
  /** Set by the normaliser: outbound when the author is one of the brand's own accounts. */
  direction: z.enum(['inbound', 'outbound']),
  author: z.object({
    id: z.string().check(z.minLength(1)),
    handle: z.optional(z.string()),
    name: z.optional(z.string()),
    followers: z.optional(z.number().check(z.int(), z.nonnegative())),
    verified: z.optional(z.boolean()),
  }),
  /** Customer identities the platform gives (handles, e-mails, phone numbers) used to link channels. */
  identities: z._default(
    z.array(z.object({ kind: z.enum(IDENTITY_KINDS), value: z.string().check(z.minLength(1)) })),
    [],
  ),
  text: z.string(),
  occurredAt: isoTimestamp,
  receivedAt: isoTimestamp,
  inReplyTo: z.optional(z.string()),
  url: z.optional(z.string()),
  /** For status events: sent, delivered, read, failed. */
  deliveryStatus: z.optional(z.string()),
  /** Set by the receiver when occurredAt was outside its bounds and replaced by the receive time. */
  clampedOccurredAt: z.optional(z.object({ original: z.string(), reason: z.string() })),
  /** Public posts and comments, or private messages (DMs, Messenger, WhatsApp, e-mail): sets the conversation window. */
  visibility: z.optional(z.enum(['public', 'private'])),
  /** The app that sent a brand message (Messenger echo `app_id`): automation apps do not answer. */
  appId: z.optional(z.string()),
  /** The platform's own payload for this event as JSON text (every digit kept), for the audit log. */
  raw: z.unknown(),
});

export type InboundEvent = z.infer<typeof inboundEventSchema>;
export type InboundEventInput = z.input<typeof inboundEventSchema>;

/** Channels where everything is public unless the normaliser says it is a private message. */
const PUBLIC_CHANNELS: ReadonlySet<string> = new Set(['x', 'facebook', 'instagram', 'web']);

export const visibilityOf = (event: Pick<InboundEvent, 'visibility' | 'channel'>): 'public' | 'private' =>
  event.visibility ?? (PUBLIC_CHANNELS.has(event.channel) ? 'public' : 'private');

/** What a parked event waits for: a message not stored yet, or a customer nobody has heard from yet. */
export const waitingOn = {
  message: (channel: InboundEvent['channel'], platformMessageId: string): string =>
    `message#${channel}#${platformMessageId}`,
  identity: (identity: { readonly kind: string; readonly value: string }): string =>
    `identity#${identity.kind}#${identity.value}`,
};
