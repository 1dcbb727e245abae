/**
 * The ISO-8601 duration the config and the cases API accept, apart from sla-schema.ts, and without
 * a schema: the config's schemas (classic zod) and the cases API's (zod/mini) each build theirs
 * from this pattern, and a module that computes a TTL loads neither.
 */
import { Duration } from 'luxon';

export const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export const NOT_AN_ISO_DURATION = 'must be an ISO-8601 duration such as PT15M or P1D';

/** How long a (validated) duration is, in seconds: what DynamoDB's TTL adds to an item's time. */
export const lifetimeSeconds = (duration: string): number => Duration.fromISO(duration).as('seconds');
