/** The `retention` part of sundown.config.json: how long customer data is kept before DynamoDB's TTL removes it. */
import * as z from 'zod';
import { lifetimeSeconds } from './iso-duration.ts';
import { isoDuration } from './sla-schema.ts';

const ONE_DAY = 24 * 60 * 60;
/**
 * A message's platform-id reference is also the dedupe marker of the event that stored it: it must
 * outlive the intake dead-letter queue's 14 days, or a redrive would apply the event again as new.
 */
export const MIN_MESSAGE_LIFETIME = 'P15D';

const lifetime = isoDuration
  .refine(
    (value) => !/^P[^T]*[YM]/.test(value),
    'must not use years or months (their length varies): write days, e.g. P400D',
  )
  .refine((value) => lifetimeSeconds(value) >= ONE_DAY, 'must be at least P1D');

/** 13 months: a year-on-year report still finds last year's cases. */
export const DEFAULT_LIFETIME = 'P400D';

export const retentionSchema = z.strictObject({
  /** A case is removed this long after its last change (a reopened or updated case starts again). */
  cases: lifetime.default(DEFAULT_LIFETIME),
  /** A message (and its platform-id reference) is removed this long after it was sent. */
  messages: lifetime
    .refine(
      (value) => lifetimeSeconds(value) >= lifetimeSeconds(MIN_MESSAGE_LIFETIME),
      `must be at least ${MIN_MESSAGE_LIFETIME}: a message's reference dedupes its event, and the intake dead-letter queue keeps events 14 days`,
    )
    .default(DEFAULT_LIFETIME),
  /** An audit entry is removed this long after it was written. */
  audit: lifetime.default(DEFAULT_LIFETIME),
});

export type RetentionConfig = z.infer<typeof retentionSchema>;
