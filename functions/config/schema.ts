/**
 * The schema of sundown.config.json. Validated at synth (bin/app.ts), at cold start and by
 * the local stack, so a broken file fails once, early, naming the field.
 */
import { z } from 'zod';
import { CHANNELS, PRIORITIES } from '../domain/case.ts';

const isoDuration = z
  .string()
  .regex(
    /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
    'must be an ISO-8601 duration such as PT15M or P1D',
  );

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/London');

const account = z.strictObject({
  channel: z.enum(CHANNELS),
  /** The account id as the platform sends it: X user id, Facebook page id, Instagram account id, WhatsApp phone number id. */
  id: z.string().min(1, 'must not be empty'),
  /** Display handle, e.g. the X @name, used in links and alerts. */
  handle: z.string().min(1).optional(),
  /** Other ids the platform uses for the same account (e.g. the WhatsApp display phone number). */
  aliases: z.array(z.string().min(1)).default([]),
});

const inboundSource = z.strictObject({
  channel: z.enum(CHANNELS),
  description: z.string().optional(),
});

export const sundownConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  brand: z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    name: z.string().min(1),
    timeZone: timeZone.default('UTC'),
  }),
  /** The brand's own accounts: messages they author are the brand's replies. */
  accounts: z.array(account).min(1, 'declare at least one brand account'),
  /** Channels allowed to post signed generic webhooks to /webhooks/inbound/{source}. */
  inboundSources: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'source names are lower-case letters, digits and dashes'),
      inboundSource,
    )
    .default({}),
  cases: z
    .strictObject({
      defaultPriority: z.enum(PRIORITIES).default('normal'),
      /** A customer writing within this long after resolution reopens the case instead of opening a new one. */
      reopenWithin: isoDuration.default('P7D'),
    })
    .prefault({}),
  intake: z
    .strictObject({
      /** Largest webhook body accepted, in bytes; larger gets 413. */
      maxBodyBytes: z.number().int().positive().max(6_000_000).default(1_048_576),
    })
    .prefault({}),
  /** Public base URL of the API, used in links in alerts. Filled from the deployed API when absent. */
  publicBaseUrl: z.url().optional(),
});

export type SundownConfig = z.infer<typeof sundownConfigSchema>;
export type BrandAccount = SundownConfig['accounts'][number];
