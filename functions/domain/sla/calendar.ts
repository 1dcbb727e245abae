/**
 * Business time: how much of the clock counts. Wall-clock spans are resolved to instants per
 * local date through luxon, so DST days are as long (or short) as they really are.
 */
import { DateTime } from 'luxon';
import type { Calendar, Weekday } from '../policies.ts';

export interface WorkingTime {
  /** The instant when `ms` of working time has elapsed after `from`. */
  addWorkingTime(from: Date, ms: number): Date;
  /** Milliseconds of working time in [a, b); 0 when b is not after a. */
  workingTimeBetween(a: Date, b: Date): number;
  /** The close of the business day `at` falls in, or of the next one when `at` is after hours. */
  endOfBusinessDay(at: Date): Date;
}

export class CalendarError extends Error {
  override readonly name = 'CalendarError';
}

/** 24x7: every millisecond counts. There is no business day, so `endOfBusinessDay` throws. */
export const allHours = (): WorkingTime => ({
  addWorkingTime: (from, ms) => new Date(from.getTime() + Math.max(0, ms)),
  workingTimeBetween: (a, b) => Math.max(0, b.getTime() - a.getTime()),
  endOfBusinessDay: () => {
    throw new CalendarError('24x7 time has no business day: "sundown" needs a business-hours calendar');
  },
});

interface Interval {
  readonly start: number;
  readonly end: number;
}
/** Minutes after local midnight; `end` may be 1440 (24:00). */
interface MinuteSpan {
  readonly from: number;
  readonly to: number;
}

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MINUTES_PER_DAY = 1440;
/** How many days in a row may have no opening hours before we give up. */
const MAX_CLOSED_DAYS = 400;

const minutesOf = (hhmm: string): number => {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/** Sorted, with overlapping and touching spans merged. */
const parseSpans = (spans: readonly string[]): MinuteSpan[] => {
  const parsed = spans
    .map((span) => span.split('-') as [string, string])
    .map(([from, to]) => ({ from: minutesOf(from), to: minutesOf(to) }))
    .sort((a, b) => a.from - b.from);
  const merged: MinuteSpan[] = [];
  for (const span of parsed) {
    const last = merged.at(-1);
    if (last && span.from <= last.to) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, span.to) };
    else merged.push(span);
  }
  return merged;
};

/**
 * Hours from a calendar of sundown.config.json. A business day is a local date with opening
 * hours; a night shift running to 24:00 owns the next date's span from 00:00, so its day
 * closes in the morning (22:00-24:00 + 00:00-06:00 closes at 06:00).
 */
export const businessHours = (calendar: Calendar): WorkingTime => {
  const zone = calendar.timeZone;
  const week = WEEKDAYS.map((day) => parseSpans(calendar.hours[day] ?? []));
  if (week.every((spans) => spans.length === 0)) {
    throw new CalendarError(`calendar in ${zone} has no opening hours on any weekday`);
  }
  const holidays = new Set(calendar.holidays);

  /** A local date, held as midnight UTC so that stepping days never meets DST. */
  const dateOf = (at: number): DateTime => {
    const local = DateTime.fromMillis(at, { zone });
    return DateTime.utc(local.year, local.month, local.day);
  };
  const instantOf = (date: DateTime, minute: number): number => {
    const day = minute === MINUTES_PER_DAY ? date.plus({ days: 1 }) : date;
    const minuteOfDay = minute % MINUTES_PER_DAY;
    const wallClock = { year: day.year, month: day.month, day: day.day, hour: Math.floor(minuteOfDay / 60) };
    return DateTime.fromObject({ ...wallClock, minute: minuteOfDay % 60 }, { zone }).toMillis();
  };
  const spansOn = (date: DateTime): MinuteSpan[] =>
    holidays.has(date.toISODate() ?? '') ? [] : (week[date.weekday - 1] ?? []);
  const intervalsOn = (date: DateTime): Interval[] =>
    spansOn(date).map((span) => ({ start: instantOf(date, span.from), end: instantOf(date, span.to) }));

  /** Opening intervals from `from` (clipped to it) until `until`, in order. */
  function* intervals(from: number, until = Number.POSITIVE_INFINITY): Generator<Interval> {
    let closedDays = 0;
    for (let date = dateOf(from); date.toMillis() < until + 2 * 86_400_000; date = date.plus({ days: 1 })) {
      const open = intervalsOn(date).filter((interval) => interval.end > from);
      closedDays = open.length === 0 ? closedDays + 1 : 0;
      if (closedDays > MAX_CLOSED_DAYS) {
        throw new CalendarError(`calendar in ${zone} has no opening hours for ${MAX_CLOSED_DAYS} days after ${date}`);
      }
      for (const interval of open) {
        if (interval.start >= until) return;
        yield { start: Math.max(interval.start, from), end: Math.min(interval.end, until) };
      }
    }
  }

  /** When the business day of `date` closes, or undefined when no business day starts on it. */
  const closeOf = (date: DateTime): number | undefined => {
    const spans = spansOn(date);
    const first = spans[0];
    const last = spans.at(-1);
    const ownedByYesterday = (span: MinuteSpan | undefined, yesterday: MinuteSpan | undefined) =>
      span?.from === 0 && span.to < MINUTES_PER_DAY && yesterday?.to === MINUTES_PER_DAY;
    const yesterday = spansOn(date.minus({ days: 1 })).at(-1);
    if (!last || (spans.length === 1 && ownedByYesterday(first, yesterday))) return undefined;
    const tomorrow = date.plus({ days: 1 });
    const morning = spansOn(tomorrow)[0];
    return ownedByYesterday(morning, last) && morning ? instantOf(tomorrow, morning.to) : instantOf(date, last.to);
  };

  return {
    addWorkingTime: (from, ms) => {
      let remaining = ms;
      if (remaining <= 0) return new Date(from);
      for (const interval of intervals(from.getTime())) {
        const length = interval.end - interval.start;
        if (remaining <= length) return new Date(interval.start + remaining);
        remaining -= length;
      }
      throw new CalendarError('unreachable: opening hours ran out');
    },
    workingTimeBetween: (a, b) => {
      let total = 0;
      for (const interval of intervals(a.getTime(), b.getTime())) total += interval.end - interval.start;
      return total;
    },
    endOfBusinessDay: (at) => {
      const instant = at.getTime();
      let date = dateOf(instant).minus({ days: 1 });
      for (let day = 0; day <= MAX_CLOSED_DAYS; day++, date = date.plus({ days: 1 })) {
        const close = closeOf(date);
        if (close !== undefined && close > instant) return new Date(close);
      }
      throw new CalendarError(`calendar in ${zone} has no business day within ${MAX_CLOSED_DAYS} days of ${at}`);
    },
  };
};
