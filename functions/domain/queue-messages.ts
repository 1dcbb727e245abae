/**
 * The contracts of Sundown's own queues: timers, alert jobs and notices. Each is one zod schema
 * here, with its TypeScript type inferred from it; the code that queues a message and the worker
 * that validates it on arrival both use these. Add optional fields, never rename or remove one.
 * The intake queue's contract is the inbound event (inbound-event.ts); domain events are in events.ts.
 */
import * as z from 'zod/mini';
import { isoTimestamp } from './contract.ts';
import { CLOCK_NAMES, DEADLINES, FOLLOW_UP_CLOCK } from './sla/clock-table.ts';

/** `deferred`: a suppression calendar opens and a suppressed case's held-back alerts go out. */
export const TIMER_KINDS = ['warning', 'breach', 'escalation', 'deferred'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/**
 * A deadline the due-time index holds; the timer worker re-checks it against the case before acting.
 * A follow-up's timers have clock `followUp` and its `seq` as generation: `warning` before a reply
 * window closes, `breach` when it is due.
 */
export const timerSchema = z.object({
  caseId: z.string().check(z.minLength(1)),
  /** Deterministic: the same deadline always has the same key, so re-scheduling is idempotent. */
  key: z.string().check(z.minLength(1)),
  kind: z.enum(TIMER_KINDS),
  clock: z.enum(DEADLINES),
  generation: z.number().check(z.int(), z.nonnegative()),
  dueAt: isoTimestamp,
  /** When the case write that planned it was made: a sweep re-sends only timers stored after it swept. */
  setAt: z.optional(isoTimestamp),
  /** Escalation timers: the level (1-based) and the round (0-based, for repeats) they fire. */
  level: z.optional(z.number().check(z.int(), z.positive())),
  round: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** Escalation timers: the end of an acknowledgement's hold, when an unanswered case's chain resumes. */
  resumes: z.optional(z.boolean()),
});
export type Timer = Readonly<z.infer<typeof timerSchema>>;

const alertJobFields = {
  /** Deterministic: the same step to the same target is one alert, however often it is planned. */
  alertId: z.string().check(z.minLength(1)),
  caseId: z.string().check(z.minLength(1)),
  target: z.string().check(z.minLength(1)),
  escalationId: z.string().check(z.minLength(1)),
  level: z.number().check(z.int(), z.positive()),
  round: z.number().check(z.int(), z.nonnegative()),
};

/** An SLA clock's alert: a warning before its deadline, or a step of the chain after it. */
export const clockAlertJobSchema = z.object({
  ...alertJobFields,
  kind: z.enum(['warning', 'breach', 'escalation', 'resolved']),
  clock: z.enum(CLOCK_NAMES),
});
/** A missed hand-off's or promise's alert; follow-ups warn with notices, never with alert jobs. */
export const followUpAlertJobSchema = z.object({
  ...alertJobFields,
  kind: z.enum(['breach', 'escalation', 'resolved']),
  clock: z.literal(FOLLOW_UP_CLOCK),
});
/** Tells a paging tool that the breach was acknowledged in Sundown, once per escalation and target. */
export const acknowledgementJobSchema = z.object({
  ...alertJobFields,
  kind: z.literal('acknowledged'),
  clock: z.enum(DEADLINES),
});
export const alertJobSchema = z.union([clockAlertJobSchema, followUpAlertJobSchema, acknowledgementJobSchema]);

export type ClockAlertJob = Readonly<z.infer<typeof clockAlertJobSchema>>;
export type FollowUpAlertJob = Readonly<z.infer<typeof followUpAlertJobSchema>>;
export type AcknowledgementJob = Readonly<z.infer<typeof acknowledgementJobSchema>>;
export type AlertJob = ClockAlertJob | FollowUpAlertJob | AcknowledgementJob;

/**
 * One step of a chain (a level of a round, or a warning, acknowledgement or resolution) for all
 * of its targets, in one message. Each job keeps its own alert id, so a target that already took
 * the alert is skipped when the step comes again; a step of one target is sent as its bare job.
 */
export const alertStepSchema = z.object({ alerts: z.array(alertJobSchema).check(z.minLength(2)) });
export type AlertStep = Readonly<z.infer<typeof alertStepSchema>>;

const stepOf = (job: AlertJob): string =>
  [job.caseId, job.escalationId, job.kind, job.clock, job.level, job.round].join('|');

/** The messages that carry these jobs: one per step, jobs of other steps apart. */
export const alertSteps = (jobs: readonly AlertJob[]): (AlertJob | AlertStep)[] => {
  const steps = new Map<string, AlertJob[]>();
  for (const job of jobs) steps.set(stepOf(job), [...(steps.get(stepOf(job)) ?? []), job]);
  return [...steps.values()].map((alerts) => (alerts.length === 1 && alerts[0] ? alerts[0] : { alerts }));
};

export const NOTICE_KINDS = [
  'handoff',
  'followup',
  'surge',
  'feedback_digest',
  'reply_window',
  'deferred_alerts',
  'operations_alarm',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const noticeLinkSchema = z.readonly(z.object({ label: z.string(), url: z.string() }));
export type NoticeLink = z.infer<typeof noticeLinkSchema>;

/**
 * A message for people that is not a step of an escalation chain: hand-off packages, follow-up
 * reminders, surge alerts, feedback digests. The code that raises one renders it once; the alert
 * worker delivers it to one target, once, in that target's format.
 */
export const noticeSchema = z.object({
  /** Deterministic: the same notice to the same target is delivered once, however often it is queued. */
  noticeId: z.string().check(z.minLength(1)),
  /** Name of the alert target in sundown.config.json `targets`. */
  target: z.string().check(z.minLength(1)),
  kind: z.enum(NOTICE_KINDS),
  /** One line: the e-mail subject, the Slack header, the PagerDuty summary. */
  title: z.string(),
  /** Plain-text body, readable as it is in an e-mail or a terminal. */
  text: z.string(),
  caseId: z.optional(z.string().check(z.minLength(1))),
  links: z.optional(z.readonly(z.array(noticeLinkSchema))),
  /** Structured content for machine targets (webhook data, PagerDuty custom_details). */
  payload: z.readonly(z.record(z.string(), z.unknown())),
});
export type Notice = Readonly<z.infer<typeof noticeSchema>>;

/** The alert queue carries alert jobs, steps of several and notices; a notice has a `noticeId`, a step `alerts`. */
export const alertQueueMessageSchema = z.union([noticeSchema, alertStepSchema, alertJobSchema]);
export type AlertQueueMessage = z.infer<typeof alertQueueMessageSchema>;
