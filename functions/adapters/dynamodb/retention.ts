/**
 * When a case, message or audit item expires: its own time plus the configured lifetime
 * (sundown.config.json `retention`), as the epoch seconds DynamoDB's TTL reads.
 */
import { lifetimeSeconds } from '../../config/iso-duration.ts';
import type { RetentionConfig } from '../../config/retention-schema.ts';
import { sundownConfig } from '../../config/settings.ts';

export type RetainedKind = keyof RetentionConfig;

const parsed = new WeakMap<RetentionConfig, Readonly<Record<RetainedKind, number>>>();

const secondsOf = (retention: RetentionConfig): Readonly<Record<RetainedKind, number>> => {
  let seconds = parsed.get(retention);
  if (!seconds) {
    seconds = {
      cases: lifetimeSeconds(retention.cases),
      messages: lifetimeSeconds(retention.messages),
      audit: lifetimeSeconds(retention.audit),
    };
    parsed.set(retention, seconds);
  }
  return seconds;
};

/** Epoch seconds at which an item of `kind` dated `fromIso` expires. */
export const expiresAt = (kind: RetainedKind, fromIso: string): number =>
  Math.floor(Date.parse(fromIso) / 1000) + secondsOf(sundownConfig().retention)[kind];

/** Whether items of both kinds live equally long, so one item may hold both without outliving either's lifetime. */
export const sameLifetime = (a: RetainedKind, b: RetainedKind): boolean => {
  const seconds = secondsOf(sundownConfig().retention);
  return seconds[a] === seconds[b];
};
