/**
 * Sentiment of one message, scored with the maintained AFINN lexicon of the `sentiment`
 * package: no word lists of our own beyond what the config adds.
 */
import Sentiment from 'sentiment';
import type { CaseSentiment } from '../case.ts';

const analyzer = new Sentiment();

export interface MessageSentiment {
  /** Score per word: below 0 is negative, -5 is as bad as the lexicon goes. */
  readonly comparative: number;
  /** The lowest score of any single word (0 when no word is negative): profanity scores -4 or -5. */
  readonly worstWord: number;
  readonly negativeWords: readonly string[];
}

/** Rounded so a stored score reads well and compares stably. */
const round = (value: number): number => Math.round(value * 1000) / 1000;

export const scoreSentiment = (text: string): MessageSentiment => {
  const result = analyzer.analyze(text);
  const scores = result.calculation.flatMap((entry) => Object.values(entry));
  return {
    comparative: round(result.comparative) || 0,
    worstWord: Math.min(0, ...scores),
    negativeWords: result.negative,
  };
};

/** The case keeps the first and the latest customer message's score, by when they were written. */
export const nextCaseSentiment = (current: CaseSentiment | undefined, score: number, sentAt: string): CaseSentiment => {
  if (!current) return { first: score, latest: score, firstAt: sentAt, latestAt: sentAt };
  const earlier = sentAt < current.firstAt;
  const later = sentAt >= current.latestAt;
  return {
    first: earlier ? score : current.first,
    firstAt: earlier ? sentAt : current.firstAt,
    latest: later ? score : current.latest,
    latestAt: later ? sentAt : current.latestAt,
  };
};
