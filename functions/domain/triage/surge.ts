/**
 * Surge window maths: which counters a new post adds to, and how a sliding window is cut into
 * buckets so a counter is a handful of atomic increments rather than one item per post.
 */

import type { Channel } from '../case.ts';
import type { SurgeConfig } from './rules.ts';

export interface SurgePost {
  readonly channel: Channel;
  readonly brandAccount: string;
  readonly threadKey: string;
  /** True when this message opened its case: topics count new cases, threads count every post. */
  readonly opensCase: boolean;
  readonly topics: readonly string[];
  readonly sentiment: number;
}

export interface SurgeKey {
  readonly key: string;
  readonly kind: 'topic' | 'thread';
  /** Topic name, or `<channel>:<threadKey>`. */
  readonly label: string;
}

/** The counters one customer post adds to; none when surges are not watched or the post does not count. */
export const surgeKeys = (post: SurgePost, rules: SurgeConfig): SurgeKey[] => {
  if (rules.notify.length === 0) return [];
  if (rules.negativeOnly && post.sentiment >= 0) return [];
  const keys: SurgeKey[] = [];
  if (post.opensCase) {
    for (const topic of post.topics) keys.push({ key: `topic:${topic}`, kind: 'topic', label: topic });
  }
  if (rules.threadChannels.includes(post.channel)) {
    keys.push({
      key: `thread:${post.channel}:${post.brandAccount}:${post.threadKey}`,
      kind: 'thread',
      label: `${post.channel}:${post.threadKey}`,
    });
  }
  return keys;
};

/** A tenth of the window, between one second and one minute: the window slides in these steps. */
export const bucketMs = (windowMs: number): number => Math.min(60_000, Math.max(1_000, Math.floor(windowMs / 10)));

/** Start of the bucket an instant falls in. */
export const bucketStart = (atMs: number, size: number): number => atMs - (atMs % size);

/** The first bucket still inside the window that ends at `atMs`. */
export const windowFirstBucket = (atMs: number, windowMs: number): number => {
  const size = bucketMs(windowMs);
  return bucketStart(atMs - windowMs, size) + size;
};

export const isSurge = (count: number, rules: SurgeConfig): boolean => count >= rules.threshold;
