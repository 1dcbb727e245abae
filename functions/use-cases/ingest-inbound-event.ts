/**
 * The intake processor's use case: apply one normalised platform event to its case,
 * exactly once, whatever order and however often the platform delivered it.
 */
import { DuplicateEventError, ThreadTakenError, VersionConflictError } from '../commons/errors.ts';
import type { SundownConfig } from '../config/schema.ts';
import { planEvent } from '../domain/apply-event.ts';
import { type Case, type CaseDetail, IDENTITY_KINDS, type Identity, type ThreadRef } from '../domain/case.ts';
import { startsNewCase } from '../domain/conversation.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { InboundEvent } from '../domain/inbound-event.ts';
import { scoreSentiment } from '../domain/triage/sentiment.ts';
import type { AlertQueue, CaseStore, Clock, FeedbackStore, WindowCounters } from '../ports.ts';
import { type PublishDeps, publishStored } from './publish-stored.ts';
import { applySla } from './sla-step.ts';
import { dispatchSoon, type TimerDispatch } from './timer-dispatch.ts';
import { afterTriage, triageStep, triages } from './triage-step.ts';

export interface IngestDeps extends TimerDispatch, PublishDeps {
  readonly alertQueue: AlertQueue;
  readonly store: CaseStore;
  readonly clock: Clock;
  readonly config: SundownConfig;
  readonly newId: () => string;
  readonly counters: WindowCounters;
  readonly feedback: FeedbackStore;
}

export type IngestOutcome =
  | { readonly outcome: 'applied'; readonly caseId: string; readonly opened: boolean }
  | { readonly outcome: 'duplicate'; readonly caseId?: string }
  | { readonly outcome: 'ignored'; readonly reason: string; readonly caseId?: string };

/** Events of one busy thread arrive together; each conflict round lets at least one writer through. */
const MAX_ATTEMPTS = 20;

const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));

const threadOf = (event: InboundEvent): ThreadRef => ({
  channel: event.channel,
  brandAccount: event.brandAccount,
  threadKey: event.threadKey,
});

/** The customer's identities: the platform's own id of whoever wrote (or, for brand messages, was written to). */
const customerIdentities = (event: InboundEvent): Identity[] => {
  const identities = [...event.identities];
  const platformKind = IDENTITY_KINDS.find((kind) => kind === event.channel);
  // Some platform events do not say who wrote them (Instagram mentions): `unknown:` authors name no one.
  if (event.direction === 'inbound' && platformKind && !event.author.id.startsWith('unknown:')) {
    if (!identities.some((i) => i.kind === platformKind && i.value === event.author.id)) {
      identities.push({ kind: platformKind, value: event.author.id });
    }
  }
  // A brand reply that arrives before anything from the customer names no one yet: the thread
  // stands for the customer until their own message links the real identity.
  if (identities.length === 0) {
    identities.push({ kind: 'external', value: `${event.channel}:${event.brandAccount}:${event.threadKey}` });
  }
  return identities;
};

const openCase = async (
  event: InboundEvent,
  deps: IngestDeps,
  takesThreadFrom?: string,
): Promise<{ caseId: string; opened: boolean }> => {
  const now = deps.clock.now().toISOString();
  const customer = await deps.store.resolveCustomer(
    customerIdentities(event),
    event.direction === 'inbound' && event.author.name ? { displayName: event.author.name } : {},
  );
  const newCase: Case = {
    id: deps.newId(),
    brand: deps.config.brand.id,
    brandAccount: event.brandAccount,
    channels: [event.channel],
    customerId: customer.id,
    ...(customer.displayName && { customerName: customer.displayName }),
    status: 'open',
    statusChangedAt: now,
    priority: deps.config.cases.defaultPriority,
    subject: '',
    openedAt: event.occurredAt,
    updatedAt: now,
    messageCount: 0,
    version: 1,
  };
  const sla = applySla(undefined, newCase, { now, config: deps.config, newId: deps.newId });
  const opened: DomainEvent = {
    id: deps.newId(),
    type: 'CaseOpened',
    version: 1,
    caseId: newCase.id,
    at: now,
    detail: { brand: newCase.brand, channel: event.channel, customerId: customer.id, priority: newCase.priority },
  };
  try {
    await deps.store.createCase({
      case: sla.case,
      thread: threadOf(event),
      ...(takesThreadFrom && { takesThreadFrom }),
      timers: sla.timers,
      events: [opened],
      audit: [
        {
          caseId: newCase.id,
          id: deps.newId(),
          at: now,
          type: 'case.opened',
          actor: 'sundown',
          detail: {
            channel: event.channel,
            threadKey: event.threadKey,
            eventId: event.eventId,
            ...(takesThreadFrom && { previousCaseId: takesThreadFrom }),
          },
        },
        ...sla.audit,
      ],
    });
  } catch (error) {
    if (error instanceof ThreadTakenError && error.caseId) return { caseId: error.caseId, opened: false };
    throw error;
  }
  await dispatchSoon(sla.timers, deps);
  await publishStored([opened], deps);
  return { caseId: newCase.id, opened: true };
};

/** `read`: the case as read while locating it, so the first attempt to apply the event needs no second read. */
type Located = { caseId: string; opened: boolean; read?: CaseDetail };

/** Finds the event's case, opening one when the event starts a conversation. */
const locateCase = async (event: InboundEvent, deps: IngestDeps): Promise<Located | { ignored: string }> => {
  const thread = threadOf(event);
  const mapped = await deps.store.findCaseIdByThread(thread);
  if (mapped) {
    if (event.action === 'message' && event.direction === 'inbound') {
      const read = await deps.store.getCaseDetail(mapped);
      const landed = { direction: event.direction, sentAt: event.occurredAt };
      if (read && startsNewCase(read.case, landed, deps.config.cases.reopenWithin)) {
        return openCase(event, deps, mapped);
      }
      return { caseId: mapped, opened: false, ...(read && { read }) };
    }
    return { caseId: mapped, opened: false };
  }
  if (event.action !== 'message') {
    const known = await deps.store.findMessage(event.channel, event.platformMessageId);
    if (known) return { caseId: known.caseId, opened: false };
  }
  if (event.inReplyTo) {
    const repliedTo = await deps.store.findMessage(event.channel, event.inReplyTo);
    if (repliedTo) {
      try {
        await deps.store.linkThread(thread, repliedTo.caseId);
      } catch (error) {
        if (error instanceof ThreadTakenError && error.caseId) return { caseId: error.caseId, opened: false };
        throw error;
      }
      return { caseId: repliedTo.caseId, opened: false };
    }
  }
  if (event.action === 'edit' || event.action === 'delete') return { ignored: `${event.action} of an unknown message` };
  // A brand message naming its customer (DM, Messenger echo, agent answer) is part of that
  // customer's conversation even when it is processed before their message.
  if (
    event.direction === 'outbound' &&
    !event.inReplyTo &&
    event.action === 'message' &&
    event.identities.length === 0
  ) {
    return { ignored: 'brand post outside any customer conversation' };
  }
  if (event.direction === 'outbound' && event.action === 'status' && event.identities.length === 0) {
    return { ignored: 'delivery status of a brand message outside any conversation' };
  }
  return openCase(event, deps);
};

export const ingestInboundEvent = async (event: InboundEvent, deps: IngestDeps): Promise<IngestOutcome> => {
  if (await deps.store.hasProcessed(event.eventId)) return { outcome: 'duplicate' };
  const located = await locateCase(event, deps);
  if ('ignored' in located) {
    await deps.store.markProcessed(event.eventId, { reason: located.ignored, platform: event.platform });
    return { outcome: 'ignored', reason: located.ignored };
  }
  // Scored once: the stored message and the triage rules read the same score.
  const scored = triages(event) ? scoreSentiment(event.text) : undefined;
  const triage = triageStep(event, scored, deps);
  let prefetched = located.read;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // A version conflict means the case changed since it was read: every later attempt reads it afresh.
    const detail = prefetched ?? (await deps.store.getCaseDetail(located.caseId));
    prefetched = undefined;
    if (!detail) throw new Error(`case ${located.caseId} is mapped but missing`);
    const now = deps.clock.now().toISOString();
    const plan = planEvent(detail, event, {
      now,
      newId: deps.newId,
      ...(scored && { sentiment: scored.comparative }),
    });
    if (plan.kind === 'noop') {
      const first = await deps.store.markProcessed(event.eventId, { reason: plan.reason, caseId: located.caseId });
      return first
        ? { outcome: 'ignored', reason: plan.reason, caseId: located.caseId }
        : { outcome: 'duplicate', caseId: located.caseId };
    }
    const triaged = await triage(detail, plan.case, now);
    const sla = applySla(detail.case, triaged?.case ?? plan.case, {
      now,
      config: deps.config,
      newId: deps.newId,
      ...(plan.message.kind === 'put' && { message: plan.message.message }),
    });
    try {
      await deps.store.saveCase({
        case: sla.case,
        expectedVersion: detail.case.version,
        audit: [...plan.audit, ...(triaged?.audit ?? []), ...sla.audit],
        message: plan.message,
        idempotencyKey: event.eventId,
        timers: sla.timers,
        events: plan.events,
      });
    } catch (error) {
      if (error instanceof VersionConflictError) {
        await backoff(attempt);
        continue;
      }
      if (error instanceof DuplicateEventError) return { outcome: 'duplicate', caseId: located.caseId };
      throw error;
    }
    if (sla.notices.length > 0) await deps.alertQueue.send(sla.notices);
    await dispatchSoon(sla.timers, deps);
    await publishStored(plan.events, deps);
    if (triaged) await afterTriage(triaged, located.caseId, deps);
    return { outcome: 'applied', caseId: located.caseId, opened: located.opened };
  }
  throw new VersionConflictError(`case ${located.caseId} kept changing; gave up after ${MAX_ATTEMPTS} attempts`);
};
