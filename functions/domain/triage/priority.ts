/**
 * Priority rules: reach, urgent keywords, negative sentiment, repeat contact and the press each
 * raise a case's priority to their configured level. Triage only ever raises: a case never
 * drops below cases.defaultPriority or below what an earlier message earned it.
 */

import { type Author, type Case, PRIORITIES, type Priority, type TriageDecision } from '../case.ts';
import type { TriageConfig } from './rules.ts';
import { matchesAny } from './topics.ts';

export interface TriageFacts {
  readonly text: string;
  readonly author: Author;
  /** Comparative sentiment score of the message. */
  readonly sentiment: number;
  /** How many other cases the same customer opened within `repeatContact.within`. */
  readonly recentOtherCases: number;
}

interface Fired {
  readonly rule: string;
  readonly raiseTo: Priority;
  readonly reason: string;
}

const rank = (priority: Priority): number => PRIORITIES.indexOf(priority);

export const higher = (a: Priority, b: Priority): Priority => (rank(b) > rank(a) ? b : a);

const bare = (handle: string): string => handle.replace(/^@/, '').toLowerCase();

const pressAccount = (facts: TriageFacts, accounts: readonly string[]): string | undefined => {
  const ids = [facts.author.id, facts.author.handle].filter((v): v is string => !!v).map(bare);
  const mentioned = [...facts.text.matchAll(/@([\p{L}\p{N}_.]+)/gu)].map((m) => (m[1] ?? '').toLowerCase());
  return accounts.find((account) => ids.includes(bare(account)) || mentioned.includes(bare(account)));
};

/** Every rule the message fires, one entry each. */
export const firedRules = (facts: TriageFacts, rules: TriageConfig): Fired[] => {
  const fired: Fired[] = [];
  const { reach, keywords, negativeSentiment, repeatContact, press } = rules;
  const followers = facts.author.followers;
  if (reach?.followers !== undefined && followers !== undefined && followers >= reach.followers) {
    fired.push({
      rule: 'reach',
      raiseTo: reach.raiseTo,
      reason: `reach: ${followers} followers >= ${reach.followers}`,
    });
  } else if (reach?.verified && facts.author.verified) {
    fired.push({ rule: 'reach', raiseTo: reach.raiseTo, reason: 'reach: verified account' });
  }
  keywords.forEach((rule, i) => {
    const hit = rule.words.find((word) => matchesAny(facts.text, [word], []));
    const pattern = hit ? undefined : rule.patterns.find((source) => matchesAny(facts.text, [], [source]));
    if (hit || pattern) {
      const what = hit ? `"${hit}"` : `/${pattern}/`;
      fired.push({ rule: `keywords.${i}`, raiseTo: rule.raiseTo, reason: `keyword: ${what}` });
    }
  });
  if (negativeSentiment && facts.sentiment <= negativeSentiment.atOrBelow) {
    const reason = `sentiment: ${facts.sentiment} <= ${negativeSentiment.atOrBelow}`;
    fired.push({ rule: 'negativeSentiment', raiseTo: negativeSentiment.raiseTo, reason });
  }
  if (repeatContact && facts.recentOtherCases >= repeatContact.otherCases) {
    const reason = `repeat contact: ${facts.recentOtherCases} other case(s) or channel(s) within ${repeatContact.within}`;
    fired.push({ rule: 'repeatContact', raiseTo: repeatContact.raiseTo, reason });
  }
  const pressHit = press && pressAccount(facts, press.accounts);
  if (press && pressHit) fired.push({ rule: 'press', raiseTo: press.raiseTo, reason: `press: ${pressHit}` });
  return fired;
};

/**
 * The case's triage after one more customer message: the priority is the highest of what it
 * had and what every fired rule raises to. Undefined when nothing new fired.
 */
export const decideTriage = (
  theCase: Pick<Case, 'priority' | 'triage'>,
  facts: TriageFacts,
  rules: TriageConfig,
  now: string,
): TriageDecision | undefined => {
  const earlier = theCase.triage?.reasons ?? [];
  const labelOf = (reason: string) => reason.split(':')[0];
  // A rule that fired before is listed once, unless it now raises the priority further.
  const fresh = firedRules(facts, rules).filter(
    (fired) =>
      !earlier.some((reason) => labelOf(reason) === labelOf(fired.reason)) ||
      rank(fired.raiseTo) > rank(theCase.priority),
  );
  if (fresh.length === 0) return undefined;
  const priority = fresh.reduce((best, fired) => higher(best, fired.raiseTo), theCase.priority);
  return { priority, reasons: [...earlier, ...fresh.map((fired) => fired.reason)], decidedAt: now };
};
