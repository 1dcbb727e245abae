/** The intake event contract (functions/domain/inbound-event.ts) in classic zod, bundled alone for the zod/mini comparison. */
// As a namespace: `import { z }` would keep every zod export, all 40 locales included, in the bundle.
import * as z from 'zod';

const isoTimestamp = z.iso.datetime({ offset: true });

export const schema = z.object({
  version: z.literal(1),
  eventId: z.string().min(1),
  platform: z.enum(['x', 'meta', 'inbound']),
  action: z.enum(['message', 'edit', 'delete', 'status']),
  threadKey: z.string().min(1),
  direction: z.enum(['inbound', 'outbound']),
  author: z.object({
    id: z.string().min(1),
    handle: z.string().optional(),
    followers: z.number().int().nonnegative().optional(),
    verified: z.boolean().optional(),
  }),
  identities: z.array(z.object({ kind: z.string(), value: z.string().min(1) })).default([]),
  text: z.string(),
  occurredAt: isoTimestamp,
  inReplyTo: z.string().optional(),
  raw: z.unknown(),
});

export const handler = async (event: unknown) => schema.parse(event);
