/**
 * The schema of sundown.config.json. Validated at synth (bin/app.ts), at cold start and by
 * the local stack, so a broken file fails once, early, naming the field.
 */
import * as z from 'zod';
import { CHANNELS, PRIORITIES } from '../domain/case.ts';
import type { DomainConfig } from '../domain/policies.ts';
import { deploymentSchema } from './deployment-schema.ts';
import { operationsSchema } from './operations-schema.ts';
import { retentionSchema } from './retention-schema.ts';
import {
  calendarSchema,
  DEFAULT_REPLY_WINDOWS,
  departmentSchema,
  escalationChainSchema,
  isoDuration,
  replyWindowSchema,
  slaPolicySchema,
  targetSchema,
  timeZone,
} from './sla-schema.ts';
import {
  checkTriageReferences,
  feedbackSchema,
  pattern,
  suppressionSchema,
  surgeSchema,
  topicName,
  topicSchema,
  triageSchema,
} from './triage-schema.ts';

/** A duration of fixed length: no years or months. */
const fixedDuration = isoDuration.refine((value) => !/^P[^T]*[YM]/.test(value), 'must not use years or months');

const account = z.strictObject({
  channel: z.enum(CHANNELS),
  /** The account id as the platform sends it: X user id, Facebook page id, Instagram account id, WhatsApp phone number id. */
  id: z.string().min(1, 'must not be empty'),
  /** Display handle, e.g. the X @name, used in links and alerts. */
  handle: z.string().min(1).optional(),
  /** Other ids the platform uses for the same account (e.g. the WhatsApp display phone number). */
  aliases: z.array(z.string().min(1)).default([]),
});

const inboundSource = z.strictObject({
  channel: z.enum(CHANNELS),
  description: z.string().optional(),
});

const NO_SLA =
  'required: every case needs clocks; add "sla": { "policies": [...] } ending with a catch-all policy (no "match")';
const NO_POLICIES = 'add at least one policy, the last a catch-all (no "match"), so every case gets an SLA';

export const sundownConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    brand: z.strictObject({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
      name: z.string().min(1),
      timeZone: timeZone.default('UTC'),
    }),
    /** The brand's own accounts: messages they author are the brand's replies. */
    accounts: z.array(account).min(1, 'declare at least one brand account'),
    /** Channels allowed to post signed generic webhooks to /webhooks/inbound/{source}. */
    inboundSources: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'source names are lower-case letters, digits and dashes'),
        inboundSource,
      )
      .default({}),
    cases: z
      .strictObject({
        defaultPriority: z.enum(PRIORITIES).default('normal'),
        /** A customer writing within this long after resolution reopens the case instead of opening a new one. */
        reopenWithin: isoDuration.default('P7D'),
        /** When set, resolving a case schedules a reminder to check back with the customer this long after. */
        checkBackAfter: isoDuration.optional(),
        /**
         * A customer's message joins their latest case (on any channel) when it is this close to that
         * case's latest message: social-care desks thread per person, shorter for public posts.
         */
        conversationWindow: z
          .strictObject({ public: isoDuration.default('P7D'), private: isoDuration.default('P30D') })
          .prefault({}),
        /** Brand messages that are not answers: they never stop a clock. */
        notAnswers: z
          .strictObject({
            /** Apps whose Messenger echoes are automated replies (chatbots, away messages), by app id. */
            automationAppIds: z.array(z.string().min(1)).default([]),
            /** Brand texts that are automated replies, as case-insensitive regular expressions. */
            automatedPatterns: z.array(pattern).default([]),
          })
          .prefault({}),
      })
      .prefault({}),
    intake: z
      .strictObject({
        /** Largest webhook body accepted, in bytes; larger gets 413. */
        maxBodyBytes: z.number().int().positive().max(6_000_000).default(1_048_576),
        /**
         * An event's own time further than this from its receipt is replaced by the receive time
         * (and the original kept): ahead of it, or older than platforms retry a delivery (Meta, 7 days).
         */
        eventTimes: z
          .strictObject({
            maxAhead: fixedDuration.default('PT5M'),
            maxAge: fixedDuration.default('P7D'),
          })
          .prefault({}),
      })
      .prefault({}),
    /** Public base URL of the API, used in links in alerts. Filled from the deployed API when absent. */
    publicBaseUrl: z.url().optional(),
    /** Business-hours calendars by name. */
    calendars: z.record(z.string(), calendarSchema).default({}),
    /** Required: a config without clocks would let every case wait for ever without a word. */
    sla: z.strictObject(
      {
        /** Tried in order; the first that matches a case applies. The last must match everything. */
        policies: z.array(slaPolicySchema, { error: NO_POLICIES }).min(1, NO_POLICIES),
        /** The calendar whose end of business day `sundown` means. */
        sundownCalendar: z.string().optional(),
      },
      { error: (issue) => (issue.input === undefined ? NO_SLA : undefined) },
    ),
    escalationChains: z.record(z.string(), escalationChainSchema).default({}),
    targets: z.record(z.string(), targetSchema).default({}),
    /** Teams outside the social team that cases are handed off to and feedback is routed to. */
    departments: z.record(z.string(), departmentSchema).default({}),
    /** Channels whose platform closes free-form replies: each inbound message opens a window that warns before it closes. */
    replyWindows: z.partialRecord(z.enum(CHANNELS), replyWindowSchema).default(DEFAULT_REPLY_WINDOWS),
    /** Rules that raise a case's priority above cases.defaultPriority (never lower it). */
    triage: triageSchema.prefault({}),
    /** Feedback topics by name: keywords and patterns that tag a case and route it to a department. */
    topics: z.record(topicName, topicSchema).default({}),
    feedback: feedbackSchema.prefault({}),
    surge: surgeSchema.prefault({}),
    suppression: suppressionSchema.prefault({}),
    alerts: z
      .strictObject({
        /** How long the signed links in alerts stay valid. */
        linkTtl: isoDuration.default('P2D'),
        /** The target tried when every target of a chain's last level failed (best one that is always there: e-mail). */
        fallback: z.string().optional(),
      })
      .prefault({}),
    /** Monitoring: when a quiet intake means a broken platform subscription. */
    operations: operationsSchema.prefault({}),
    /** How long cases, messages and audit entries are kept (DynamoDB TTL). */
    retention: retentionSchema.prefault({}),
    /** Where the API is reached: an optional custom domain and its certificate (read by the CDK app). */
    deployment: deploymentSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const missing = (path: (string | number)[], kind: string, ref: string, known: Record<string, unknown>) => {
      if (!(ref in known)) {
        const choices = Object.keys(known).join(', ') || 'none defined';
        ctx.addIssue({ code: 'custom', path, message: `unknown ${kind} "${ref}" (known: ${choices})` });
      }
    };
    config.sla.policies.forEach((policy, i) => {
      missing(['sla', 'policies', i, 'escalation'], 'escalation chain', policy.escalation, config.escalationChains);
      if (policy.hours !== '24x7')
        missing(['sla', 'policies', i, 'hours', 'calendar'], 'calendar', policy.hours.calendar, config.calendars);
      if (policy.resolution === 'sundown' && !config.sla.sundownCalendar && policy.hours === '24x7') {
        ctx.addIssue({
          code: 'custom',
          path: ['sla', 'policies', i, 'resolution'],
          message: '"sundown" needs a business day: set sla.sundownCalendar or give the policy business hours',
        });
      }
    });
    if (config.sla.sundownCalendar)
      missing(['sla', 'sundownCalendar'], 'calendar', config.sla.sundownCalendar, config.calendars);
    // Every case gets an SLA whatever its reach: triage may only tighten the targets.
    const policies = config.sla.policies;
    if (policies.length > 0 && !policies.some((p) => !p.match.priorities && !p.match.channels)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sla', 'policies'],
        message: 'add a catch-all policy (no "match") at the end so every case gets an SLA',
      });
    }
    checkTriageReferences(config, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    for (const [chainName, chain] of Object.entries(config.escalationChains)) {
      chain.levels.forEach((level, i) => {
        level.notify.forEach((target, j) => {
          missing(['escalationChains', chainName, 'levels', i, 'notify', j], 'alert target', target, config.targets);
        });
      });
    }
    if (config.alerts.fallback) missing(['alerts', 'fallback'], 'alert target', config.alerts.fallback, config.targets);
    for (const [departmentName, department] of Object.entries(config.departments)) {
      department.notify.forEach((target, j) => {
        missing(['departments', departmentName, 'notify', j], 'alert target', target, config.targets);
      });
      if (department.escalation)
        missing(
          ['departments', departmentName, 'escalation'],
          'escalation chain',
          department.escalation,
          config.escalationChains,
        );
    }
  }) satisfies z.ZodType<DomainConfig>;

export type SundownConfig = z.infer<typeof sundownConfigSchema>;
export type BrandAccount = SundownConfig['accounts'][number];
