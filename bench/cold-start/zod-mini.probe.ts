/** zod-classic.probe.ts written with zod/mini's functional API: the same checks, for the same comparison. */
import * as z from 'zod/mini';

const isoTimestamp = z.iso.datetime({ offset: true });

export const schema = z.object({
  version: z.literal(1),
  eventId: z.string().check(z.minLength(1)),
  platform: z.enum(['x', 'meta', 'inbound']),
  action: z.enum(['message', 'edit', 'delete', 'status']),
  threadKey: z.string().check(z.minLength(1)),
  direction: z.enum(['inbound', 'outbound']),
  author: z.object({
    id: z.string().check(z.minLength(1)),
    handle: z.optional(z.string()),
    followers: z.optional(z.int().check(z.nonnegative())),
    verified: z.optional(z.boolean()),
  }),
  identities: z._default(z.array(z.object({ kind: z.string(), value: z.string().check(z.minLength(1)) })), []),
  text: z.string(),
  occurredAt: isoTimestamp,
  inReplyTo: z.optional(z.string()),
  raw: z.unknown(),
});

export const handler = async (event: unknown) => schema.parse(event);
