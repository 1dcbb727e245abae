/**
 * The ISO-8601 duration the config and the cases API accept, apart from sla-schema.ts: a module
 * that checks one duration (a query parameter, a lifetime) builds none of the config's schemas
 * when it loads.
 */
import { Duration } from 'luxon';
import * as z from 'zod';

export const isoDuration = z
  .string()
  .regex(
    /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
    'must be an ISO-8601 duration such as PT15M or P1D',
  );

/** How long a (validated) duration is, in seconds: what DynamoDB's TTL adds to an item's time. */
export const lifetimeSeconds = (duration: string): number => Duration.fromISO(duration).as('seconds');
