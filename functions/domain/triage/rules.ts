/**
 * Triage, topic, surge and suppression rules in the domain's words; config/triage-schema.ts
 * validates sundown.config.json into these shapes. Patterns are regular expression sources,
 * matched case-insensitively; durations are ISO-8601 strings.
 */
import type { Channel, Priority } from '../case.ts';

export interface TriageConfig {
  /** Authors with this reach: followers at or above the threshold, or a verified account. */
  readonly reach?: { readonly followers?: number; readonly verified: boolean; readonly raiseTo: Priority };
  /** Words or phrases (whole words, any case) and patterns that make a message urgent. */
  readonly keywords: readonly {
    readonly words: readonly string[];
    readonly patterns: readonly string[];
    readonly raiseTo: Priority;
  }[];
  /** Comparative sentiment score at or below this. */
  readonly negativeSentiment?: { readonly atOrBelow: number; readonly raiseTo: Priority };
  /** The same customer opened other cases within this long. */
  readonly repeatContact?: { readonly within: string; readonly otherCases: number; readonly raiseTo: Priority };
  /** A message from, or mentioning, one of these handles or ids. */
  readonly press?: { readonly accounts: readonly string[]; readonly raiseTo: Priority };
}

export interface TopicConfig {
  readonly keywords: readonly string[];
  readonly patterns: readonly string[];
  /** The department that owns feedback on this topic. */
  readonly department?: string;
}

export interface SurgeConfig {
  /** This many posts within `window` on one topic or one public thread is a surge. */
  readonly threshold: number;
  readonly window: string;
  readonly negativeOnly: boolean;
  /** Public channels whose threads are watched too. */
  readonly threadChannels: readonly Channel[];
  /** Alert targets of the comms team; none means surges are not watched. */
  readonly notify: readonly string[];
}

export interface SuppressionConfig {
  readonly patterns: readonly string[];
  /** Author ids or handles whose cases are always suppressed. */
  readonly authors: readonly string[];
  /** One author writing this many abusive messages within `within` is suppressed. */
  readonly abuse?: {
    readonly messages: number;
    readonly within: string;
    readonly wordScoreAtOrBelow: number;
    readonly patterns: readonly string[];
    /** Words of a real grievance: swearing alone never suppresses a message that has one. */
    readonly complaintWords: readonly string[];
  };
  /** Outside these business hours a suppressed case's alerts are deferred; default `sla.sundownCalendar`. */
  readonly calendar?: string;
}
