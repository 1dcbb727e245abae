/**
 * SLA policies, business calendars, escalation chains and alert targets: the parts of
 * sundown.config.json that decide when a case is late and who hears about it. Each schema
 * describes a domain type (domain/policies.ts) and is checked against it with `satisfies`.
 */
import * as z from 'zod';
import { CHANNELS, PRIORITIES } from '../domain/case.ts';
import {
  type Calendar,
  type Department,
  type EscalationChain,
  type ReplyWindow,
  type SlaPolicy,
  WEEKDAYS,
} from '../domain/policies.ts';
import { CLOCK_NAMES, DEFAULT_PAUSED_WHILE_WAITING } from '../domain/sla/clock-table.ts';
import { ISO_DURATION, NOT_AN_ISO_DURATION } from './iso-duration.ts';

export const isoDuration = z.string().regex(ISO_DURATION, NOT_AN_ISO_DURATION);

export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/London');

const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'names are lower-case letters, digits and dashes');

/** `HH:MM-HH:MM`, end after start; `00:00-24:00` is the whole day. */
const openingSpan = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must look like 09:00-17:30')
  .refine((span) => {
    const [from, to] = span.split('-') as [string, string];
    return from < to;
  }, 'must end after it starts');

export const calendarSchema = z.strictObject({
  timeZone,
  /** Opening hours per weekday in the calendar's time zone; a missing day is closed. */
  hours: z.partialRecord(z.enum(WEEKDAYS), z.array(openingSpan)),
  /** Whole days closed, `YYYY-MM-DD` in the calendar's time zone. */
  holidays: z.array(z.iso.date()).default([]),
}) satisfies z.ZodType<Calendar>;

export const slaPolicySchema = z.strictObject({
  name,
  /** The first policy whose match fits the case applies; an empty match fits every case. */
  match: z
    .strictObject({
      priorities: z.array(z.enum(PRIORITIES)).optional(),
      channels: z.array(z.enum(CHANNELS)).optional(),
    })
    .default({}),
  /** Clocks run around the clock (default) or only in the named calendar's business hours. */
  hours: z.union([z.literal('24x7'), z.strictObject({ calendar: name })]).default('24x7'),
  /** One target per clock of domain/sla/clock-table.ts; a required clock's field must be here. */
  firstResponse: isoDuration,
  nextResponse: isoDuration.optional(),
  /** A duration, or `sundown`: the end of the business day (rolling to the next one after hours). */
  resolution: z.union([isoDuration, z.literal('sundown')]).optional(),
  /** Warn before breach at this fraction of each target. */
  warnAt: z.number().gt(0).lt(1).optional(),
  /** Clocks that stop counting while the case is waiting on the customer. */
  pauseWhileWaitingOnCustomer: z.array(z.enum(CLOCK_NAMES)).default([...DEFAULT_PAUSED_WHILE_WAITING]),
  /** Clocks that stop counting while a hand-off waits for the department to acknowledge it. */
  pauseWhileHandedOff: z.array(z.enum(CLOCK_NAMES)).default([]),
  /** The escalation chain walked at breach. */
  escalation: name,
}) satisfies z.ZodType<SlaPolicy>;

export const escalationChainSchema = z.strictObject({
  levels: z
    .array(
      z.strictObject({
        /** Alert targets notified at this level. */
        notify: z.array(name).min(1, 'a level notifies at least one target'),
        /** How long after the previous level this level fires; level 1 fires at the breach itself. */
        after: isoDuration.default('PT0S'),
      }),
    )
    .min(1, 'a chain has at least one level')
    .refine(
      (levels) => !/[1-9]/.test(levels[0]?.after ?? ''),
      'level 1 fires at the breach: leave its "after" out and put the wait on level 2',
    ),
  /** After the last level, start again from level 1 this many times, or (default) until the case is answered. */
  repeat: z.union([z.number().int().min(0).max(100), z.literal('untilAnswered')]).default('untilAnswered'),
  /** How long after the last level a repeat round starts. */
  repeatAfter: isoDuration.default('PT30M'),
  /** An acknowledgement holds the chain this long; if the case is still unanswered then, the chain resumes at level 1. */
  holdAfterAcknowledge: isoDuration.default('PT30M'),
}) satisfies z.ZodType<EscalationChain>;

/** `targets.<name>`: each alert target module declares its own entry (alerts/targets/registry.ts). */
export { type AlertTarget, targetSchema } from '../alerts/targets/registry.ts';

/** A team cases are handed off to and feedback is routed to (billing, web, telephony, PR...). */
export const departmentSchema = z.strictObject({
  description: z.string().optional(),
  /** Alert targets that receive this department's hand-offs and feedback digests. */
  notify: z.array(name).min(1, 'a department is notified through at least one target'),
  /** A hand-off nobody in the department acknowledges within this long escalates. */
  acknowledgeWithin: isoDuration.default('PT1H'),
  /** The chain walked when a hand-off or a promise made on the department's behalf is missed. */
  escalation: name.optional(),
}) satisfies z.ZodType<Department>;

/** A platform that only allows free-form replies for a while after the customer's last message. */
export const replyWindowSchema = z.strictObject({
  length: isoDuration.default('PT24H'),
  /** The social team is warned this long before the window closes, if the customer is still unanswered. */
  warnBefore: isoDuration.default('PT2H'),
}) satisfies z.ZodType<ReplyWindow>;

/** WhatsApp and Messenger close free-form replies 24 hours after the customer's last message. */
export const DEFAULT_REPLY_WINDOWS = {
  whatsapp: { length: 'PT24H', warnBefore: 'PT2H' },
  messenger: { length: 'PT24H', warnBefore: 'PT2H' },
};
