/**
 * Surge watch, after a customer post is stored: count it on its topic and thread windows, and
 * when one reaches the threshold raise one grouped `surge` notice to the comms / PR targets and
 * one SurgeDetected event, however many posts follow while the surge lasts. The cases keep
 * their own SLAs.
 */
import { Duration } from 'luxon';
import type { SundownConfig } from '../config/schema.ts';
import type { Notice } from '../domain/queue-messages.ts';
import { isSurge, type SurgeKey, type SurgePost, surgeKeys } from '../domain/triage/surge.ts';
import type { AlertQueue, Clock, EventPublisher, WindowCounters } from '../ports.ts';

export interface SurgeDeps {
  readonly counters: WindowCounters;
  readonly alertQueue: AlertQueue;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
  readonly config: SundownConfig;
  readonly newId: () => string;
}

const surgeNotices = (key: SurgeKey, count: number, caseId: string, at: string, config: SundownConfig): Notice[] => {
  const { window, threshold, negativeOnly, notify } = config.surge;
  const what = key.kind === 'topic' ? `new cases on topic "${key.label}"` : `posts on thread ${key.label}`;
  const minutes = Duration.fromISO(window).as('minutes');
  const title = `Surge: ${count} ${negativeOnly ? 'negative ' : ''}${what} within ${minutes} minutes`;
  const text = [
    title,
    `Threshold: ${threshold} within ${window}. Raised at ${at}; further posts in this surge raise no new alert.`,
    `Each case keeps its own SLA. The post that crossed the threshold is case ${caseId}.`,
  ].join('\n');
  return notify.map((target) => ({
    noticeId: `surge:${key.key}:${at}`,
    target,
    kind: 'surge',
    title,
    text,
    caseId,
    payload: { surge: key.kind, key: key.label, count, threshold, window, negativeOnly, raisedAt: at, caseId },
  }));
};

export const watchSurges = async (post: SurgePost, caseId: string, deps: SurgeDeps): Promise<void> => {
  const rules = deps.config.surge;
  const keys = surgeKeys(post, rules);
  if (keys.length === 0) return;
  const now = deps.clock.now();
  const windowMs = Duration.fromISO(rules.window).as('milliseconds');
  for (const key of keys) {
    const count = await deps.counters.add(key.key, now, windowMs);
    if (!isSurge(count, rules)) continue;
    // The alarm stays open while posts keep coming: a surge that lasts an hour is one alert.
    if (!(await deps.counters.openAlarm(key.key, now, new Date(now.getTime() + windowMs)))) continue;
    const at = now.toISOString();
    try {
      await deps.alertQueue.sendNotices(surgeNotices(key, count, caseId, at, deps.config));
    } catch (error) {
      // This post is already counted and will not come back: let the next post of the surge raise it.
      await deps.counters.releaseAlarm(key.key, now);
      throw error;
    }
    await deps.publisher.publish([
      {
        id: deps.newId(),
        type: 'SurgeDetected',
        version: 1,
        caseId,
        at,
        detail: { surge: key.kind, key: key.label, count, threshold: rules.threshold, window: rules.window },
      },
    ]);
  }
};
