/**
 * Troll and spam handling: config rules and repeated abuse from one author mark a case
 * suppressed. A suppressed case keeps its clocks and escalations, but pages nobody at night
 * and never reaches a target that pages.
 */
import type { Author, Case } from '../case.ts';
import type { DomainConfig } from '../policies.ts';
import { businessHours } from '../sla/calendar.ts';
import type { SuppressionConfig } from './rules.ts';
import type { MessageSentiment } from './sentiment.ts';
import { matchesAny } from './topics.ts';

/** Abusive: a word the lexicon scores as profanity or worse, or a config abuse pattern. */
export const isAbusive = (text: string, sentiment: MessageSentiment, rules: SuppressionConfig): boolean => {
  if (!rules.abuse) return false;
  return sentiment.worstWord <= rules.abuse.wordScoreAtOrBelow || matchesAny(text, [], rules.abuse.patterns);
};

/** A message naming a grievance (a lost bag, a refund): profanity alone never suppresses it. */
export const carriesComplaint = (text: string, rules: SuppressionConfig): boolean =>
  matchesAny(text, rules.abuse?.complaintWords ?? [], []);

/** An abuse suppression lifts itself when the customer writes again without abuse; spam and blocked authors stay. */
export const liftsSuppression = (theCase: Pick<Case, 'suppressed'>, abusiveNow: number): boolean =>
  !!theCase.suppressed?.reason.startsWith('abuse:') && abusiveNow === 0;

const bare = (value: string): string => value.replace(/^@/, '').toLowerCase();

/** Why a message suppresses its case, if it does. `abusiveRecently` counts this author's abusive messages in the window. */
export const suppressionReason = (
  message: { readonly text: string; readonly author: Author },
  abusiveRecently: number,
  rules: SuppressionConfig,
): string | undefined => {
  const author = [message.author.id, message.author.handle].filter((v): v is string => !!v).map(bare);
  const blocked = rules.authors.find((entry) => author.includes(bare(entry)));
  if (blocked) return `blocked author: ${blocked}`;
  const pattern = rules.patterns.find((source) => matchesAny(message.text, [], [source]));
  if (pattern) return `spam pattern: /${pattern}/`;
  if (rules.abuse && abusiveRecently >= rules.abuse.messages && !carriesComplaint(message.text, rules)) {
    return `abuse: ${abusiveRecently} abusive messages from one author within ${rules.abuse.within}`;
  }
  return undefined;
};

/** The calendar whose business hours are "day" for a suppressed case. */
export const suppressionCalendar = (theCase: Pick<Case, 'sla'>, config: DomainConfig): string | undefined => {
  if (config.suppression.calendar) return config.suppression.calendar;
  const policy = config.sla.policies.find((p) => p.name === theCase.sla?.policy);
  if (policy && policy.hours !== '24x7') return policy.hours.calendar;
  return config.sla.sundownCalendar;
};

const MINUTE_MS = 60_000;

/** Why an alert for this case must not go to this target now, if it must not. */
export const suppressedAlertSkip = (
  theCase: Pick<Case, 'suppressed' | 'sla'>,
  target: { readonly pages: boolean },
  now: Date,
  config: DomainConfig,
): string | undefined => {
  if (!theCase.suppressed) return undefined;
  if (target.pages) return `case suppressed (${theCase.suppressed.reason}): a paging target is never paged`;
  const calendarName = suppressionCalendar(theCase, config);
  const calendar = calendarName ? config.calendars[calendarName] : undefined;
  if (!calendar) return undefined;
  const open = businessHours(calendar).workingTimeBetween(now, new Date(now.getTime() + MINUTE_MS)) > 0;
  return open ? undefined : `case suppressed (${theCase.suppressed.reason}): outside ${calendarName} business hours`;
};
