/**
 * The message other channels (mail relay, call-centre system, chat widget...) post to
 * `/webhooks/inbound/{source}`, signed with Standard Webhooks. It follows the spec's
 * recommended event shape, `{ type, timestamp, data }`, and stays small: one message of one
 * conversation per event. Version 1: add optional fields, never rename or remove.
 *
 * ```json
 * {
 *   "type": "message.created",
 *   "timestamp": "2022-11-03T20:26:10.344522Z",
 *   "data": {
 *     "conversationId": "ticket-4711",
 *     "messageId": "msg-1",
 *     "text": "My flight was cancelled and nobody answers the phone.",
 *     "customer": { "name": "John Smith", "email": "john@example.com", "phone": "(281) 332-2575" }
 *   }
 * }
 * ```
 */
import * as z from 'zod/mini';

export const INBOUND_MESSAGE_TYPES = ['message.created', 'message.updated', 'message.deleted'] as const;

const isoTimestamp = z.iso.datetime({ offset: true });
const text = z.string().check(z.trim(), z.minLength(1));

export const inboundCustomerSchema = z
  .object({
    /** The sending system's own id for the customer (CRM contact, caller record...). */
    id: z.optional(text),
    name: z.optional(text),
    email: z.optional(z.email()),
    /** Any punctuation; keep the country code, since only the digits are kept. */
    phone: z.optional(z.string().check(z.regex(/\d/, 'must contain digits'))),
    /**
     * The customer's user ids on social platforms, as X and Meta send them in webhooks (ids, not
     * @names, which change and get reused): they link this conversation to the customer's posts and DMs.
     */
    handles: z.optional(z.object({ x: z.optional(text), instagram: z.optional(text), facebook: z.optional(text) })),
  })
  .check(
    z.refine(
      (customer) =>
        customer.id ??
        customer.email ??
        customer.phone ??
        customer.handles?.x ??
        customer.handles?.instagram ??
        customer.handles?.facebook,
      'needs at least one of id, email, phone or handles to say who the customer is',
    ),
  );

export const inboundMessageSchema = z.object({
  /** created: a new message; updated: its text changed; deleted: it was withdrawn. */
  type: z.enum(INBOUND_MESSAGE_TYPES),
  /** When the event happened (Standard Webhooks event shape). */
  timestamp: isoTimestamp,
  data: z.object({
    /** The sender's conversation (ticket, call, chat session): one conversation is one case. */
    conversationId: text,
    /** Unique within the source; updates and deletions name the message they change. */
    messageId: text,
    /** inbound: the customer wrote; outbound: an agent answered. */
    direction: z._default(z.enum(['inbound', 'outbound']), 'inbound'),
    /** When the message was written, changed or deleted, if not `timestamp`. */
    occurredAt: z.optional(isoTimestamp),
    /** The new text for message.updated; may be empty for message.deleted. */
    text: z._default(z.string(), ''),
    /** Who the conversation is with, for inbound and outbound messages alike. */
    customer: inboundCustomerSchema,
    /** Who answered, for outbound messages. */
    agent: z.optional(z.object({ id: text, name: z.optional(text) })),
    /** The messageId this one answers, if the source knows it. */
    inReplyTo: z.optional(text),
    /** Where an agent can read the conversation in the source system. */
    url: z.optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  }),
});

export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type InboundMessageInput = z.input<typeof inboundMessageSchema>;
