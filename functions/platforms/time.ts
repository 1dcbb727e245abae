/** Platform timestamps to ISO 8601 UTC, the one format InboundEvent carries (and sorts by). */
import { PayloadError } from './errors.ts';

const toIso = (ms: number, field: string): string => {
  const date = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) throw new PayloadError(`${field}: not a valid time`);
  return date.toISOString();
};

/** Unix epoch given as a number or a numeric string, in milliseconds. */
export const fromEpochMillis = (value: string | number, field: string): string => toIso(Number(value), field);

export const fromEpochSeconds = (value: string | number, field: string): string => toIso(Number(value) * 1000, field);

/**
 * Meta sends seconds almost everywhere but milliseconds in Messenger (`timestamp`, and `entry.time`
 * of messaging entries). 1e11 seconds is the year 5138, so anything larger is milliseconds.
 */
export const fromMetaTime = (value: string | number, field: string): string =>
  Number(value) > 1e11 ? fromEpochMillis(value, field) : fromEpochSeconds(value, field);

/** Any ISO 8601 date-time with an offset, re-written in UTC with milliseconds. */
export const fromIso = (value: string, field: string): string => toIso(Date.parse(value), field);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const X_V1_DATE = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/** X v1.1 `created_at`, e.g. `Fri Feb 14 19:00:55 +0000 2020`; parsed by hand, not by Date's lenient parser. */
export const fromXV1Date = (value: string, field: string): string => {
  const match = X_V1_DATE.exec(value);
  const month = match ? MONTHS.indexOf(match[1] ?? '') : -1;
  if (!match || month < 0) throw new PayloadError(`${field}: expected a date like "Fri Feb 14 19:00:55 +0000 2020"`);
  const [, , day, hours, minutes, seconds, sign, offsetHours, offsetMinutes, year] = match;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const utc = Date.UTC(Number(year), month, Number(day), Number(hours), Number(minutes), Number(seconds));
  return toIso(utc - offset * 60_000, field);
};

/** How far an event's own time may be from when Sundown received it before it is not believed. */
export interface EventTimeBounds {
  readonly maxAheadMs: number;
  readonly maxAgeMs: number;
}

export interface BoundedTime {
  readonly occurredAt: string;
  /** Present when occurredAt was replaced by the receive time: what the platform said, and why. */
  readonly clamped?: { readonly original: string; readonly reason: string };
}

/**
 * A signed event dated 2099 would open a case that never escalates, one dated 1970 would breach at
 * once: a time more than maxAhead after receipt, or older than the platform would still retry a
 * delivery, is replaced by the receive time, and the original kept with the reason.
 */
export const boundedOccurredAt = (occurredAt: string, receivedAt: string, bounds: EventTimeBounds): BoundedTime => {
  const lead = Date.parse(occurredAt) - Date.parse(receivedAt);
  if (lead > bounds.maxAheadMs) {
    return {
      occurredAt: receivedAt,
      clamped: { original: occurredAt, reason: `more than ${bounds.maxAheadMs / 1000} s after it was received` },
    };
  }
  if (-lead > bounds.maxAgeMs) {
    return {
      occurredAt: receivedAt,
      clamped: { original: occurredAt, reason: `more than ${bounds.maxAgeMs / 1000} s before it was received` },
    };
  }
  return { occurredAt };
};
