/**
 * Times as an on-call person reads them: wall-clock in the brand's time zone, and spans
 * ("in 12 min", "overdue by 2 h 5 min") computed at render time.
 */
import { DateTime } from 'luxon';

/** `d LLL HH:mm` in the zone, with its abbreviation; the ISO text if it does not parse. */
export const wallClock = (iso: string, timeZone: string): string => {
  const time = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone);
  return time.isValid ? time.toFormat('d LLL HH:mm ZZZZ') : iso;
};

export const span = (ms: number): string => {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.floor(Math.abs(ms) / 1000))} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
};

export interface Remaining {
  readonly overdue: boolean;
  readonly text: string;
}

export const remaining = (dueAt: string, now: Date): Remaining => {
  const ms = Date.parse(dueAt) - now.getTime();
  return ms >= 0 ? { overdue: false, text: `${span(ms)} left` } : { overdue: true, text: `overdue by ${span(ms)}` };
};
