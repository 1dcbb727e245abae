/** The `operations` part of sundown.config.json: how the deployment watches itself. */
import { Duration } from 'luxon';
import * as z from 'zod';
import { isoDuration } from './sla-schema.ts';

/** CloudWatch accepts alarm periods of whole minutes up to one day; shorter than 5 minutes would page on quiet nights. */
const MIN_SILENT_SECONDS = 5 * 60;
const MAX_SILENT_SECONDS = 24 * 60 * 60;

export const silentIntakeSeconds = (duration: string): number => Duration.fromISO(duration).as('seconds');

/** Lambda's application log levels (advanced logging controls); Powertools logs at this level and above. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const operationsSchema = z.strictObject({
  /** The functions' application log level; `-c logLevel=DEBUG` overrides it for one deploy. DEBUG logs customer text. */
  logLevel: z.enum(LOG_LEVELS).default('INFO'),
  /** AWS X-Ray active tracing on every function; `-c tracing=true` turns it on for one deploy. */
  tracing: z.boolean().default(false),
  /**
   * No webhook accepted for this long means a platform subscription broke: the silent-intake alarm
   * fires. It becomes the alarm's one period, so whole minutes from PT5M to P1D (CloudWatch's limits).
   */
  silentIntakeAfter: isoDuration
    .refine((value) => !/^P[^T]*[YM]/.test(value), 'must not use years or months (their length varies)')
    .refine((value) => {
      const seconds = silentIntakeSeconds(value);
      return Number.isInteger(seconds / 60) && seconds >= MIN_SILENT_SECONDS && seconds <= MAX_SILENT_SECONDS;
    }, 'must be a whole number of minutes from PT5M to P1D: it is one CloudWatch alarm period')
    .default('PT6H'),
});
