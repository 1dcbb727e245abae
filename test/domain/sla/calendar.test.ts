import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allHours, businessHours, CalendarError } from '../../../functions/domain/sla/calendar.ts';
import { calendar, londonOffice, officeHours, utc } from './fixtures.ts';

const HOUR = 3_600_000;
const iso = (date: Date) => date.toISOString();

describe('allHours', () => {
  it('counts every millisecond around the clock', () => {
    // Prepare
    const time = allHours();
    // Act
    const due = time.addWorkingTime(utc('2026-01-09T23:00:00.000Z'), 2 * HOUR);
    const between = time.workingTimeBetween(utc('2026-01-09T23:00:00.000Z'), utc('2026-01-11T23:00:00.000Z'));
    // Assess
    expect(iso(due)).toBe('2026-01-10T01:00:00.000Z');
    expect(between).toBe(48 * HOUR);
    expect(time.workingTimeBetween(utc('2026-01-11T00:00:00.000Z'), utc('2026-01-10T00:00:00.000Z'))).toBe(0);
  });

  it('refuses an end of business day, since 24x7 has no business day', () => {
    expect(() => allHours().endOfBusinessDay(utc('2026-01-05T10:00:00.000Z'))).toThrow(CalendarError);
  });
});

describe('businessHours: office hours in London', () => {
  const office = businessHours(londonOffice);

  it.each([
    ['within the day', '2026-01-05T10:00:00.000Z', 2, '2026-01-05T12:00:00.000Z'],
    ['from before opening', '2026-01-05T07:00:00.000Z', 1, '2026-01-05T10:00:00.000Z'],
    ['past the close into the next morning', '2026-01-05T16:00:00.000Z', 2, '2026-01-06T10:00:00.000Z'],
    ['over the weekend', '2026-01-09T16:00:00.000Z', 2, '2026-01-12T10:00:00.000Z'],
    ['over a holiday and the weekend', '2026-12-24T16:00:00.000Z', 2, '2026-12-28T10:00:00.000Z'],
    ['to the close exactly, not the next opening', '2026-01-05T09:00:00.000Z', 8, '2026-01-05T17:00:00.000Z'],
  ])('adds working time %s', (_, from, hours, expected) => {
    expect(iso(office.addWorkingTime(utc(from), hours * HOUR))).toBe(expected);
  });

  it('counts 40 hours in a working week, and nothing over a weekend', () => {
    expect(office.workingTimeBetween(utc('2026-01-05T09:00:00.000Z'), utc('2026-01-12T09:00:00.000Z'))).toBe(40 * HOUR);
    expect(office.workingTimeBetween(utc('2026-01-09T17:00:00.000Z'), utc('2026-01-12T09:00:00.000Z'))).toBe(0);
  });

  it('adds ten weeks of working time day by day, across the spring DST change', () => {
    // Prepare
    const monday = utc('2026-03-02T09:00:00.000Z');
    // Act
    const due = office.addWorkingTime(monday, 400 * HOUR);
    // Assess: Friday 8 May 17:00 BST
    expect(iso(due)).toBe('2026-05-08T16:00:00.000Z');
    expect(office.workingTimeBetween(monday, due)).toBe(400 * HOUR);
  });

  it('skips lunch when a day has several spans', () => {
    // Prepare
    const lunchBreak = businessHours(officeHours('Europe/London', ['13:00-17:00', '09:00-12:00']));
    // Act
    const due = lunchBreak.addWorkingTime(utc('2026-01-05T11:00:00.000Z'), 2 * HOUR);
    // Assess
    expect(iso(due)).toBe('2026-01-05T14:00:00.000Z');
    expect(lunchBreak.workingTimeBetween(utc('2026-01-05T00:00:00.000Z'), utc('2026-01-06T00:00:00.000Z'))).toBe(
      7 * HOUR,
    );
  });

  it('keeps 09:00-17:00 local when the clocks change over the weekend', () => {
    expect(iso(office.addWorkingTime(utc('2026-03-27T16:00:00.000Z'), 2 * HOUR))).toBe('2026-03-30T09:00:00.000Z');
    expect(iso(office.addWorkingTime(utc('2026-10-23T15:00:00.000Z'), 2 * HOUR))).toBe('2026-10-26T10:00:00.000Z');
  });
});

describe('businessHours: DST days', () => {
  const smallHours = businessHours(calendar('Europe/London', { sun: ['00:30-03:30'] }));

  it('opens 00:30-03:30 for two hours when London springs forward', () => {
    expect(smallHours.workingTimeBetween(utc('2026-03-29T00:00:00.000Z'), utc('2026-03-30T00:00:00.000Z'))).toBe(
      2 * HOUR,
    );
    expect(iso(smallHours.addWorkingTime(utc('2026-03-29T00:00:00.000Z'), 1.5 * HOUR))).toBe(
      '2026-03-29T02:00:00.000Z',
    );
  });

  it('opens 00:30-03:30 for four hours when London falls back', () => {
    expect(smallHours.workingTimeBetween(utc('2026-10-24T23:00:00.000Z'), utc('2026-10-26T00:00:00.000Z'))).toBe(
      4 * HOUR,
    );
  });

  it('counts a whole Sunday in New York as 23 hours in March and 25 in November', () => {
    // Prepare
    const sundays = businessHours(calendar('America/New_York', { sun: ['00:00-24:00'] }));
    // Act
    const springForward = sundays.workingTimeBetween(utc('2026-03-08T00:00:00.000Z'), utc('2026-03-10T00:00:00.000Z'));
    const fallBack = sundays.workingTimeBetween(utc('2026-11-01T00:00:00.000Z'), utc('2026-11-03T00:00:00.000Z'));
    // Assess
    expect(springForward).toBe(23 * HOUR);
    expect(fallBack).toBe(25 * HOUR);
  });

  it('keeps 09:00-17:00 local in New York across both changes', () => {
    const office = businessHours(officeHours('America/New_York'));
    expect(iso(office.addWorkingTime(utc('2026-03-06T21:00:00.000Z'), 2 * HOUR))).toBe('2026-03-09T14:00:00.000Z');
    expect(iso(office.endOfBusinessDay(utc('2026-10-30T22:00:00.000Z')))).toBe('2026-11-02T22:00:00.000Z');
  });
});

describe('businessHours: a night shift across midnight', () => {
  const nights = ['00:00-06:00', '22:00-24:00'];
  const nightShift = businessHours(
    calendar('Europe/London', {
      mon: ['22:00-24:00'],
      tue: nights,
      wed: nights,
      thu: nights,
      fri: nights,
      sat: ['00:00-06:00'],
    }),
  );

  it('counts on through midnight', () => {
    expect(iso(nightShift.addWorkingTime(utc('2026-01-05T23:00:00.000Z'), 2 * HOUR))).toBe('2026-01-06T01:00:00.000Z');
    expect(iso(nightShift.addWorkingTime(utc('2026-01-06T05:00:00.000Z'), 2 * HOUR))).toBe('2026-01-06T23:00:00.000Z');
    expect(nightShift.workingTimeBetween(utc('2026-01-05T21:00:00.000Z'), utc('2026-01-06T07:00:00.000Z'))).toBe(
      8 * HOUR,
    );
  });

  it('closes the business day in the morning the shift ends', () => {
    expect(iso(nightShift.endOfBusinessDay(utc('2026-01-06T02:00:00.000Z')))).toBe('2026-01-06T06:00:00.000Z');
    expect(iso(nightShift.endOfBusinessDay(utc('2026-01-06T07:00:00.000Z')))).toBe('2026-01-07T06:00:00.000Z');
    expect(iso(nightShift.endOfBusinessDay(utc('2026-01-10T07:00:00.000Z')))).toBe('2026-01-13T06:00:00.000Z');
  });
});

describe('endOfBusinessDay (sundown)', () => {
  const office = businessHours(londonOffice);

  it.each([
    ['during hours: the same day', '2026-01-05T10:00:00.000Z', '2026-01-05T17:00:00.000Z'],
    ['before opening: the same day', '2026-01-05T07:00:00.000Z', '2026-01-05T17:00:00.000Z'],
    ['at the close: the next day', '2026-01-05T17:00:00.000Z', '2026-01-06T17:00:00.000Z'],
    ['on Friday evening: Monday', '2026-01-09T18:00:00.000Z', '2026-01-12T17:00:00.000Z'],
    ['on Saturday: Monday', '2026-01-10T12:00:00.000Z', '2026-01-12T17:00:00.000Z'],
    ['the evening before a holiday: after it', '2026-12-24T18:00:00.000Z', '2026-12-28T17:00:00.000Z'],
    ['the day before a holiday: that day', '2026-12-24T11:00:00.000Z', '2026-12-24T17:00:00.000Z'],
  ])('is %s', (_, at, expected) => {
    expect(iso(office.endOfBusinessDay(utc(at)))).toBe(expected);
  });
});

describe('businessHours: any calendar', () => {
  it.each([
    ['London office hours', londonOffice],
    [
      'a New York night shift',
      calendar('America/New_York', { sun: ['22:00-24:00'], mon: ['00:00-06:00', '22:00-24:00'] }),
    ],
  ])('gives every addition back as the working time between, in %s', (_, hours) => {
    const time = businessHours(hours);
    fc.assert(
      fc.property(
        fc.date({ min: utc('2026-01-01T00:00:00.000Z'), max: utc('2027-01-01T00:00:00.000Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 14 * 24 * HOUR }),
        (from, ms) => time.workingTimeBetween(from, time.addWorkingTime(from, ms)) === ms,
      ),
      { numRuns: 60 },
    );
  });
});

describe('businessHours: calendars that never open', () => {
  it('refuses a calendar with no opening hours at all', () => {
    expect(() => businessHours(calendar('Europe/London', {}))).toThrow(/no opening hours on any weekday/);
  });

  it('stops looking instead of looping when holidays close every open day', () => {
    // Prepare: open on Mondays only, and every Monday of 2026 and 2027 is a holiday
    const mondays = Array.from({ length: 104 }, (_, week) =>
      new Date(Date.UTC(2026, 0, 5 + 7 * week)).toISOString().slice(0, 10),
    );
    const neverOpen = businessHours(calendar('Europe/London', { mon: ['09:00-17:00'] }, mondays));
    // Act / Assess
    expect(() => neverOpen.addWorkingTime(utc('2026-01-01T00:00:00.000Z'), HOUR)).toThrow(CalendarError);
    expect(() => neverOpen.endOfBusinessDay(utc('2026-01-01T00:00:00.000Z'))).toThrow(CalendarError);
  });
});
