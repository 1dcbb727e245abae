/**
 * Which SLA policy applies to a case, and which clock it counts on.
 */
import { Duration } from 'luxon';
import type { Case } from '../case.ts';
import type { DomainConfig, SlaPolicy } from '../policies.ts';
import { allHours, businessHours, CalendarError, type WorkingTime } from './calendar.ts';
import { CLOCK_NAMES } from './clock-table.ts';
import type { ClockName } from './types.ts';

type SlaSettings = Pick<DomainConfig, 'calendars' | 'sla'>;

/** The first policy whose match fits the case: every given criterion must hold; an empty match fits all. */
export const selectPolicy = (
  policies: readonly SlaPolicy[],
  theCase: Pick<Case, 'priority' | 'channels'>,
): SlaPolicy | undefined =>
  policies.find(({ match }) => {
    const priorityFits = !match.priorities || match.priorities.includes(theCase.priority);
    const channelFits = !match.channels || match.channels.some((channel) => theCase.channels.includes(channel));
    return priorityFits && channelFits;
  });

const calendarTime = (config: SlaSettings, calendarName: string): WorkingTime => {
  const calendar = config.calendars[calendarName];
  if (!calendar) throw new CalendarError(`unknown calendar "${calendarName}" in sundown.config.json`);
  return businessHours(calendar);
};

/** The time a policy's duration targets count in: around the clock, or its calendar's business hours. */
export const workingTimeFor = (policy: SlaPolicy, config: SlaSettings): WorkingTime =>
  policy.hours === '24x7' ? allHours() : calendarTime(config, policy.hours.calendar);

/** The business day `sundown` means for a policy: its own calendar, else `sla.sundownCalendar`. */
export const sundownTime = (config: SlaSettings, policy: SlaPolicy): WorkingTime => {
  if (policy.hours !== '24x7') return calendarTime(config, policy.hours.calendar);
  if (config.sla.sundownCalendar) return calendarTime(config, config.sla.sundownCalendar);
  throw new CalendarError(
    `policy "${policy.name}" uses "sundown" but has no business hours and no sla.sundownCalendar`,
  );
};

/**
 * A duration target in milliseconds of working time. Days and weeks count as 24 hours and
 * 7 days of working time (P1D in 09:00-17:00 hours is three business days), not calendar days.
 */
export const durationMs = (isoDuration: string): number => {
  const duration = Duration.fromISO(isoDuration);
  if (!duration.isValid) throw new RangeError(`"${isoDuration}" is not an ISO-8601 duration`);
  return duration.as('milliseconds');
};

/** What one clock counts against under a policy. */
export interface ClockRule {
  readonly name: ClockName;
  /** An ISO-8601 duration or `sundown`. */
  readonly target: string;
  /** The time the target counts in: a `sundown` target counts in its business day's calendar. */
  readonly time: WorkingTime;
  readonly warnAt?: number;
}

/** The clocks a policy defines, each with its target and time. */
export const clockRules = (policy: SlaPolicy, config: SlaSettings): Partial<Record<ClockName, ClockRule>> => {
  const policyTime = workingTimeFor(policy, config);
  const rule = (name: ClockName, target: string | undefined): ClockRule | undefined => {
    if (target === undefined) return undefined;
    const time = target === 'sundown' ? sundownTime(config, policy) : policyTime;
    return { name, target, time, ...(policy.warnAt !== undefined && { warnAt: policy.warnAt }) };
  };
  const rules: Partial<Record<ClockName, ClockRule>> = {};
  for (const name of CLOCK_NAMES) {
    const clockRule = rule(name, policy[name]);
    if (clockRule) rules[name] = clockRule;
  }
  return rules;
};
