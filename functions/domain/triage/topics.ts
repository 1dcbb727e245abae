/**
 * Topic rules: whole-word keywords and patterns from the config tag a case with topics, each
 * owned by a department that receives the feedback.
 */
import type { TopicConfig } from './rules.ts';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase matched as whole words, any case, with any run of spaces between its words. */
export const phraseMatcher = (phrase: string): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])${phrase.trim().split(/\s+/).map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu');

/** True when the text contains any of the phrases (whole words) or matches any of the patterns. */
export const matchesAny = (text: string, phrases: readonly string[], patterns: readonly string[]): boolean =>
  phrases.some((phrase) => phraseMatcher(phrase).test(text)) ||
  patterns.some((source) => new RegExp(source, 'iu').test(text));

/** The topics whose rules the text matches, in config order. */
export const matchTopics = (text: string, topics: Readonly<Record<string, TopicConfig>>): string[] =>
  Object.entries(topics)
    .filter(([, topic]) => matchesAny(text, topic.keywords, topic.patterns))
    .map(([name]) => name);

/** The case's topics after a message: earlier tags stay, new ones are appended. */
export const mergeTopics = (current: readonly string[] | undefined, found: readonly string[]): readonly string[] => {
  const merged = [...(current ?? [])];
  for (const topic of found) if (!merged.includes(topic)) merged.push(topic);
  return merged;
};
