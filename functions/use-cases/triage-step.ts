/**
 * The triage step every customer message goes through: score its sentiment, tag topics, raise
 * the priority (the SLA step then picks the tighter policy) and suppress trolls and spam. Pure
 * apart from `triageFacts`, which reads the customer's other cases and counts abuse once per
 * event, before the write loop.
 */
import { Duration } from 'luxon';
import type { SundownConfig } from '../config/schema.ts';
import type { AuditEntry, Case } from '../domain/case.ts';
import type { InboundEvent } from '../domain/inbound-event.ts';
import { decideTriage } from '../domain/triage/priority.ts';
import { type MessageSentiment, nextCaseSentiment } from '../domain/triage/sentiment.ts';
import { isAbusive, liftsSuppression, suppressionReason } from '../domain/triage/suppression.ts';
import type { SurgePost } from '../domain/triage/surge.ts';
import { matchTopics, mergeTopics } from '../domain/triage/topics.ts';
import type { CaseLister, FeedbackItem, FeedbackStore, WindowCounters } from '../ports.ts';
import { type SurgeDeps, watchSurges } from './surge-step.ts';

export interface TriageFacts {
  readonly sentiment: number;
  readonly recentOtherCases: number;
  readonly abusiveRecently: number;
}

export interface TriageStep {
  readonly case: Case;
  readonly audit: readonly AuditEntry[];
  readonly feedback: readonly FeedbackItem[];
  readonly surge?: SurgePost;
}

const durationMs = (iso: string): number => Duration.fromISO(iso).as('milliseconds');

/** Only a customer's new message is triaged: brand replies, edits and delivery receipts are not. */
export const triages = (event: InboundEvent): boolean => event.action === 'message' && event.direction === 'inbound';

/** What triage needs beyond the case: the customer's recent other cases and this author's recent abuse. */
export const triageFacts = async (
  event: InboundEvent,
  scored: MessageSentiment,
  theCase: Case,
  deps: {
    readonly store: Pick<CaseLister, 'listCustomerCases'>;
    readonly counters: WindowCounters;
    readonly config: SundownConfig;
  },
): Promise<TriageFacts> => {
  const { triage, suppression } = deps.config;
  let recentOtherCases = 0;
  if (triage.repeatContact) {
    const since = Date.parse(event.occurredAt) - durationMs(triage.repeatContact.within);
    const cases = await deps.store.listCustomerCases(theCase.customerId);
    const otherCases = cases.filter((c) => c.id !== theCase.id && Date.parse(c.openedAt) >= since).length;
    // One conversation spans the customer's channels: writing again on another channel is a repeat contact too.
    const otherChannel =
      theCase.channels.some((channel) => channel !== event.channel) &&
      Date.parse(theCase.lastInboundAt ?? theCase.openedAt) >= since;
    recentOtherCases = otherCases + (otherChannel ? 1 : 0);
  }
  let abusiveRecently = 0;
  if (suppression.abuse && isAbusive(event.text, scored, suppression)) {
    const key = `abuse:${event.channel}:${event.author.id}`;
    abusiveRecently = await deps.counters.add(key, new Date(event.occurredAt), durationMs(suppression.abuse.within));
  }
  return { sentiment: scored.comparative, recentOtherCases, abusiveRecently };
};

export const applyTriage = (
  planned: Case,
  event: InboundEvent,
  facts: TriageFacts,
  ctx: {
    readonly now: string;
    readonly config: SundownConfig;
    readonly newId: () => string;
    /** The message opened the case: topic surges count new cases. */
    readonly opensCase: boolean;
  },
): TriageStep => {
  const { now, config, newId } = ctx;
  const audit: AuditEntry[] = [];
  const record = (type: string, detail: Record<string, unknown>) =>
    audit.push({ caseId: planned.id, id: newId(), at: now, type, actor: 'sundown', detail });
  let next: Case = { ...planned, sentiment: nextCaseSentiment(planned.sentiment, facts.sentiment, event.occurredAt) };

  const found = matchTopics(event.text, config.topics);
  const topics = mergeTopics(planned.topics, found);
  const added = topics.filter((topic) => !planned.topics?.includes(topic));
  const feedback: FeedbackItem[] = [];
  if (added.length > 0) {
    next = { ...next, topics };
    record('case.topics_tagged', { topics: added });
    for (const topic of added) {
      const department = config.topics[topic]?.department;
      if (department) {
        const { channel } = event;
        feedback.push({ department, topic, caseId: planned.id, at: now, channel, subject: next.subject });
      }
    }
  }

  const { text, author } = event;
  const decision = decideTriage(next, { text, author, ...facts }, config.triage, now);
  if (decision) {
    record('case.triaged', { from: next.priority, priority: decision.priority, reasons: decision.reasons });
    next = { ...next, priority: decision.priority, triage: decision };
  }

  if (liftsSuppression(next, facts.abusiveRecently)) {
    const { suppressed: lifted, ...rest } = next;
    next = rest;
    record('case.unsuppressed', { reason: 'the customer wrote again without abuse', was: lifted?.reason });
  }
  const suppressed = next.suppressed ? undefined : suppressionReason(event, facts.abusiveRecently, config.suppression);
  if (suppressed) {
    next = { ...next, suppressed: { reason: suppressed, at: now } };
    record('case.suppressed', { reason: suppressed, author: event.author.handle ?? event.author.id });
  }

  const surge: SurgePost = {
    channel: event.channel,
    brandAccount: event.brandAccount,
    threadKey: event.threadKey,
    opensCase: ctx.opensCase,
    topics,
    sentiment: facts.sentiment,
  };
  return { case: next, audit, feedback, ...(!next.suppressed && { surge }) };
};

export interface TriageDeps extends SurgeDeps {
  readonly store: Pick<CaseLister, 'listCustomerCases'>;
  readonly feedback: FeedbackStore;
  readonly newId: () => string;
}

/**
 * Triage for one event's write loop: facts are gathered once, the decision is re-planned on every
 * attempt. `scored` is the message's sentiment, which the stored message carries too.
 */
export const triageStep = (event: InboundEvent, scored: MessageSentiment | undefined, deps: TriageDeps) => {
  let facts: Promise<TriageFacts> | undefined;
  return async (current: Case, opensCase: boolean, planned: Case, now: string): Promise<TriageStep | undefined> => {
    if (!scored) return undefined;
    facts ??= triageFacts(event, scored, current, deps);
    return applyTriage(planned, event, await facts, { now, config: deps.config, newId: deps.newId, opensCase });
  };
};

/** After the case is stored: queue its feedback for the digest and count it towards surges. */
export const afterTriage = async (step: TriageStep, caseId: string, deps: TriageDeps): Promise<void> => {
  if (step.feedback.length > 0) await deps.feedback.add(step.feedback);
  if (step.surge) await watchSurges(step.surge, caseId, deps);
};
