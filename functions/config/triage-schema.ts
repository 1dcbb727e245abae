/**
 * Triage, feedback topics, surges and troll/spam suppression: the parts of sundown.config.json
 * that decide how urgent a case is, which department hears about it and who is paged at all.
 * Every key has a default that does nothing, so older configs stay valid. Each schema describes
 * a domain type (domain/triage/rules.ts) and is checked against it with `satisfies`.
 */
import * as z from 'zod';
import { CHANNELS, PRIORITIES } from '../domain/case.ts';
import type { SuppressionConfig, SurgeConfig, TopicConfig, TriageConfig } from '../domain/triage/rules.ts';
import { isoDuration } from './sla-schema.ts';

const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'names are lower-case letters, digits and dashes');

/** A regular expression source, matched case-insensitively; checked here so a typo fails at synth. */
export const pattern = z.string().refine((source) => {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

const raiseTo = z.enum(PRIORITIES);

export const topicName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'topic names are lower-case letters, digits and dashes');

export const triageSchema = z.strictObject({
  /** Authors with this reach: followers at or above the threshold, or a verified account. */
  reach: z
    .strictObject({
      followers: z.number().int().positive().optional(),
      verified: z.boolean().default(false),
      raiseTo: raiseTo.default('high'),
    })
    .optional(),
  /** Words or phrases (whole words, any case) and patterns that make a message urgent. */
  keywords: z
    .array(
      z.strictObject({
        words: z.array(z.string().min(1)).default([]),
        patterns: z.array(pattern).default([]),
        raiseTo: raiseTo.default('high'),
      }),
    )
    .default([]),
  /** Comparative sentiment score (score per word of the `sentiment` lexicon) at or below this. */
  negativeSentiment: z
    .strictObject({ atOrBelow: z.number().min(-5).max(0), raiseTo: raiseTo.default('high') })
    .optional(),
  /** The same customer opened another case (on any channel) within this long. */
  repeatContact: z
    .strictObject({
      within: isoDuration,
      otherCases: z.number().int().positive().default(1),
      raiseTo: raiseTo.default('high'),
    })
    .optional(),
  /** Journalists and news desks: a message from, or mentioning, one of these handles or ids. */
  press: z.strictObject({ accounts: z.array(z.string().min(1)).min(1), raiseTo: raiseTo.default('urgent') }).optional(),
}) satisfies z.ZodType<TriageConfig>;

export const topicSchema = z.strictObject({
  /** Whole words or phrases, any case. */
  keywords: z.array(z.string().min(1)).default([]),
  patterns: z.array(pattern).default([]),
  /** The department in `departments` that owns feedback on this topic. */
  department: name.optional(),
}) satisfies z.ZodType<TopicConfig>;

export const feedbackSchema = z.strictObject({
  /** Feedback items are sent to each department as one digest per period of this length. */
  digestEvery: isoDuration.default('PT1H'),
});

export const surgeSchema = z.strictObject({
  /** This many posts within `window` on one topic or one public thread is a surge. */
  threshold: z.number().int().min(2).default(25),
  window: isoDuration.default('PT10M'),
  /** Count only messages whose sentiment is below zero. */
  negativeOnly: z.boolean().default(true),
  /** Public channels whose threads (one root post, many comments) are watched too. */
  threadChannels: z.array(z.enum(CHANNELS)).default(['x', 'facebook', 'instagram']),
  /** Alert targets of the comms / PR team; no targets means surges are not watched. */
  notify: z.array(name).default([]),
}) satisfies z.ZodType<SurgeConfig>;

/** Words of a real grievance: an abusive message that has one is a furious customer, not a troll. */
export const DEFAULT_COMPLAINT_WORDS = [
  'refund',
  'cancelled',
  'canceled',
  'delayed',
  'delay',
  'lost',
  'missing',
  'broken',
  'damaged',
  'charged',
  'stranded',
  'waiting',
  'nobody',
  'complaint',
  'booking',
  'flight',
  'bag',
  'order',
] as const;

export const suppressionSchema = z.strictObject({
  /** Messages matching any of these are spam or trolling. */
  patterns: z.array(pattern).default([]),
  /** Author ids or handles (with or without @) whose cases are always suppressed. */
  authors: z.array(z.string().min(1)).default([]),
  /** One author writing this many abusive messages within `within` is suppressed. */
  abuse: z
    .strictObject({
      messages: z.number().int().min(1).default(3),
      within: isoDuration.default('PT1H'),
      /** A message is abusive when a word scores this low in the `sentiment` lexicon (profanity is -4, -5)... */
      wordScoreAtOrBelow: z.number().int().min(-5).max(-1).default(-4),
      /** ...or when it matches one of these. */
      patterns: z.array(pattern).default([]),
      /** A message with one of these words carries a complaint: swearing alone never suppresses it. */
      complaintWords: z.array(z.string().min(1)).default([...DEFAULT_COMPLAINT_WORDS]),
    })
    .optional(),
  /** Outside these business hours a suppressed case's alerts are deferred to the next opening; default `sla.sundownCalendar`. */
  calendar: name.optional(),
}) satisfies z.ZodType<SuppressionConfig>;

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-references of these sections: departments, targets and calendars must exist. */
export const checkTriageReferences = (
  config: {
    readonly topics: Readonly<Record<string, TopicConfig>>;
    readonly surge: SurgeConfig;
    readonly suppression: SuppressionConfig;
    readonly departments: Readonly<Record<string, unknown>>;
    readonly targets: Readonly<Record<string, unknown>>;
    readonly calendars: Readonly<Record<string, unknown>>;
    readonly sla: { readonly sundownCalendar?: string | undefined };
  },
  issue: Issue,
): void => {
  const known = (kind: string, ref: string, all: Readonly<Record<string, unknown>>, path: (string | number)[]) => {
    if (!(ref in all))
      issue(path, `unknown ${kind} "${ref}" (known: ${Object.keys(all).join(', ') || 'none defined'})`);
  };
  for (const [topicName, topic] of Object.entries(config.topics)) {
    if (topic.keywords.length === 0 && topic.patterns.length === 0)
      issue(['topics', topicName], 'a topic needs at least one keyword or pattern');
    if (topic.department)
      known('department', topic.department, config.departments, ['topics', topicName, 'department']);
  }
  config.surge.notify.forEach((target, i) => {
    known('alert target', target, config.targets, ['surge', 'notify', i]);
  });
  if (config.suppression.calendar)
    known('calendar', config.suppression.calendar, config.calendars, ['suppression', 'calendar']);
};
