/**
 * Feedback digests, run from the sweeper's tick: for each department, one `feedback_digest`
 * notice per target per period listing the cases tagged with its topics. The notice id names the
 * period, so two sweepers racing send one digest; the conditional cursor then moves once.
 */
import { Duration } from 'luxon';
import type { SundownConfig } from '../config/schema.ts';
import type { Notice } from '../domain/queue-messages.ts';
import type { AlertQueue, Clock, FeedbackItem, FeedbackStore } from '../ports.ts';

export interface DigestDeps {
  readonly feedback: FeedbackStore;
  readonly alertQueue: AlertQueue;
  readonly clock: Clock;
  readonly config: SundownConfig;
}

export interface DigestResult {
  readonly digests: number;
  readonly items: number;
}

/** Before any digest was sent, everything still stored is due. */
const BEGINNING = '1970-01-01T00:00:00.000Z';

const digestNotices = (
  department: string,
  items: readonly FeedbackItem[],
  from: string,
  to: string,
  notify: readonly string[],
): Notice[] => {
  const title = `Feedback for ${department}: ${items.length} case${items.length === 1 ? '' : 's'}`;
  const lines = items.map((item) => `- [${item.topic}] ${item.channel}, case ${item.caseId}: ${item.subject}`);
  const text = [title, `Tagged before ${to}.`, '', ...lines].join('\n');
  return notify.map((target) => ({
    noticeId: `digest:${department}:${to}`,
    target,
    kind: 'feedback_digest',
    title,
    text,
    payload: {
      department,
      ...(from !== BEGINNING && { from }),
      to,
      items: items.map(({ topic, caseId, at, channel, subject }) => ({ topic, caseId, at, channel, subject })),
    },
  }));
};

/** The departments some topic routes feedback to. */
const routedDepartments = (config: SundownConfig): string[] => [
  ...new Set(Object.values(config.topics).flatMap((topic) => (topic.department ? [topic.department] : []))),
];

export const flushFeedbackDigests = async (deps: DigestDeps): Promise<DigestResult> => {
  const periodMs = Duration.fromISO(deps.config.feedback.digestEvery).as('milliseconds');
  const nowMs = deps.clock.now().getTime();
  // Periods are aligned to the epoch, so every sweeper agrees where one ends.
  const to = new Date(nowMs - (nowMs % periodMs)).toISOString();
  let digests = 0;
  let itemCount = 0;
  for (const department of routedDepartments(deps.config)) {
    const notify = deps.config.departments[department]?.notify ?? [];
    const cursor = await deps.feedback.readCursor(department);
    const from = cursor ?? BEGINNING;
    if (from >= to) continue;
    const items = await deps.feedback.list(department, from, to);
    if (items.length > 0) await deps.alertQueue.sendNotices(digestNotices(department, items, from, to, notify));
    if (await deps.feedback.writeCursor(department, to, cursor)) {
      digests += items.length > 0 ? 1 : 0;
      itemCount += items.length;
    }
  }
  return { digests, items: itemCount };
};
