/**
 * The intake processor's use case: apply one normalised platform event to its case, exactly
 * once, whatever order and however often the platform delivered it.
 *
 * A case is one customer's conversation with the brand: a customer's message joins their latest
 * case within the conversation window, whatever thread or channel it came from; a brand message
 * joins the case of the message it replies to, else of the customer it addresses. Edits,
 * deletions and replies that arrive before the message they refer to wait for it.
 */
import { ConversationTakenError, DuplicateEventError, VersionConflictError } from '../commons/errors.ts';
import type { SundownConfig } from '../config/schema.ts';
import { type AnswerRules, type Planned, planEvent } from '../domain/apply-event.ts';
import { type Case, IDENTITY_KINDS, type Identity, type Message } from '../domain/case.ts';
import { joinsCase } from '../domain/conversation.ts';
import type { DomainEvent } from '../domain/events.ts';
import { type InboundEvent, visibilityOf } from '../domain/inbound-event.ts';
import { scoreSentiment } from '../domain/triage/sentiment.ts';
import type { AlertQueue, CaseStore, Clock, FeedbackStore, MessageRef, WindowCounters } from '../ports.ts';
import { type PublishDeps, publishStored } from './publish-stored.ts';
import { applySla } from './sla-step.ts';
import { dispatchSoon, type TimerDispatch } from './timer-dispatch.ts';
import { afterTriage, type TriageStep, triageStep, triages } from './triage-step.ts';

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
  | { readonly outcome: 'parked'; readonly reason: string; readonly caseId?: string }
  | { readonly outcome: 'ignored'; readonly reason: string; readonly caseId?: string };

/** Concurrent messages of one customer are rare; each conflict round lets at least one writer through. */
const MAX_ATTEMPTS = 20;

const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));

/** Where the event goes: an existing case, a new one, a wait for the message it refers to, or nowhere. */
type Located =
  | { readonly kind: 'join'; readonly case: Case; readonly existing?: Message }
  | {
      readonly kind: 'open';
      readonly customerId: string;
      readonly customerName?: string;
      readonly claim: boolean;
      readonly replaces?: string;
    }
  | { readonly kind: 'park'; readonly on: MessageRef; readonly reason: string }
  | { readonly kind: 'ignored'; readonly reason: string };

/** The customer's identities: whoever wrote, or, for brand messages, whoever was written to. */
const customerIdentities = (event: InboundEvent): Identity[] => {
  const identities = [...event.identities];
  const platformKind = IDENTITY_KINDS.find((kind) => kind === event.channel);
  if (event.direction !== 'inbound') return identities;
  if (platformKind && !event.author.id.startsWith('unknown:')) {
    if (!identities.some((i) => i.kind === platformKind && i.value === event.author.id)) {
      identities.push({ kind: platformKind, value: event.author.id });
    }
  }
  // Some platform events do not say who wrote them (Instagram mentions): each is someone of their own.
  if (identities.length === 0) identities.push({ kind: 'external', value: `${event.channel}:${event.author.id}` });
  return identities;
};

const caseOf = async (caseId: string, deps: IngestDeps): Promise<Case> => {
  const found = await deps.store.getCase(caseId);
  if (!found) throw new Error(`case ${caseId} is referenced but missing`);
  return found;
};

const locate = async (event: InboundEvent, deps: IngestDeps): Promise<Located> => {
  const ref = { channel: event.channel, platformMessageId: event.platformMessageId };
  if (event.action !== 'message') {
    const existing = await deps.store.findMessage(ref.channel, ref.platformMessageId);
    if (existing) return { kind: 'join', case: await caseOf(existing.caseId, deps), existing };
    if (event.action !== 'status')
      return { kind: 'park', on: ref, reason: `${event.action} of a message not received yet` };
    // A status of a brand message sent outside the webhooks (WhatsApp Cloud API) is that message.
  }
  if (event.direction === 'outbound' && event.inReplyTo) {
    const repliedTo = await deps.store.findMessage(event.channel, event.inReplyTo);
    if (repliedTo) return { kind: 'join', case: await caseOf(repliedTo.caseId, deps) };
  }
  const identities = customerIdentities(event);
  if (identities.length === 0) {
    if (event.inReplyTo) {
      const on = { channel: event.channel, platformMessageId: event.inReplyTo };
      return { kind: 'park', on, reason: 'brand reply to a message not received yet' };
    }
    return { kind: 'ignored', reason: 'brand post outside any customer conversation' };
  }
  const named = event.direction === 'inbound' && event.author.name ? { displayName: event.author.name } : {};
  const customer = await deps.store.resolveCustomer(identities, named);
  const open = {
    kind: 'open',
    customerId: customer.id,
    ...(customer.displayName && { customerName: customer.displayName }),
  } as const;
  const latestId = await deps.store.findConversation(customer.id, deps.config.brand.id);
  if (!latestId) return { ...open, claim: true };
  const latest = await deps.store.getCase(latestId);
  if (!latest) return { ...open, claim: true, replaces: latestId };
  const { cases } = deps.config;
  const windows = { window: cases.conversationWindow[visibilityOf(event)], reopenWithin: cases.reopenWithin };
  if (joinsCase(latest, { direction: event.direction, sentAt: event.occurredAt }, windows)) {
    return { kind: 'join', case: latest };
  }
  // A message older than the latest case is a case of its own; the latest stays the one to join.
  const newer = event.occurredAt > (latest.lastMessageAt ?? latest.openedAt);
  return { ...open, claim: newer, replaces: latestId };
};

const answerRules = (config: SundownConfig): AnswerRules => ({
  automationAppIds: config.cases.notAnswers.automationAppIds,
  automatedPatterns: config.cases.notAnswers.automatedPatterns.map((source) => new RegExp(source, 'i')),
});

/** A case with no message yet: what the first message is planned against. */
const blankCase = (
  located: Extract<Located, { kind: 'open' }>,
  event: InboundEvent,
  deps: IngestDeps,
  now: string,
): Case => ({
  id: deps.newId(),
  brand: deps.config.brand.id,
  brandAccount: event.brandAccount,
  channels: [],
  customerId: located.customerId,
  ...(located.customerName && { customerName: located.customerName }),
  status: 'open',
  statusChangedAt: now,
  priority: deps.config.cases.defaultPriority,
  subject: '',
  openedAt: event.occurredAt,
  updatedAt: now,
  messageCount: 0,
  version: 0,
});

type Written = { caseId: string; opened: boolean; plan: Extract<Planned, { kind: 'change' }>; triaged?: TriageStep };

/** One attempt to write the event; undefined when someone else wrote first and the event must be located again. */
const attempt = async (
  event: InboundEvent,
  located: Extract<Located, { kind: 'join' | 'open' }>,
  triage: ReturnType<typeof triageStep>,
  scored: ReturnType<typeof scoreSentiment> | undefined,
  deps: IngestDeps,
): Promise<Written | Planned | undefined> => {
  const now = deps.clock.now().toISOString();
  const ctx = {
    now,
    newId: deps.newId,
    answers: answerRules(deps.config),
    ...(scored && { sentiment: scored.comparative }),
  };
  const opening = located.kind === 'open';
  const current = opening ? blankCase(located, event, deps, now) : located.case;
  const existing = located.kind === 'join' ? located.existing : undefined;
  // Made before planning, so that the case's audit trail starts with its opening.
  const opened = opening ? openedEvent(current, event, deps, now, located.replaces) : undefined;
  let plan = planEvent({ case: current, ...(existing && { existing }) }, event, ctx);
  if (plan.kind === 'needsHistory') {
    const detail = await deps.store.getCaseDetail(current.id);
    if (!detail) return undefined;
    plan = planEvent({ case: detail.case, ...(existing && { existing }), history: detail.messages }, event, ctx);
  }
  if (plan.kind !== 'change') return plan;
  const triaged = await triage(current, opening, plan.case, now);
  const sla = applySla(opening ? undefined : current, triaged?.case ?? plan.case, {
    now,
    config: deps.config,
    newId: deps.newId,
    ...(plan.message.kind === 'put' && { message: plan.message.message }),
  });
  const audit = [...plan.audit, ...(triaged?.audit ?? []), ...sla.audit];
  let events: readonly DomainEvent[] = plan.events;
  try {
    if (located.kind === 'open' && opened) {
      events = [{ ...opened.event, detail: { ...opened.event.detail, priority: sla.case.priority } }, ...plan.events];
      await deps.store.createCase({
        case: sla.case,
        ...(located.claim && { conversation: { ...(located.replaces && { replaces: located.replaces }) } }),
        ...(plan.message.kind === 'put' && { message: plan.message.message }),
        idempotencyKey: event.eventId,
        audit: [opened.audit, ...audit],
        timers: sla.timers,
        events,
      });
    } else {
      await deps.store.saveCase({
        case: sla.case,
        expectedVersion: current.version,
        audit,
        message: plan.message,
        idempotencyKey: event.eventId,
        timers: sla.timers,
        events,
      });
    }
  } catch (error) {
    if (error instanceof VersionConflictError || error instanceof ConversationTakenError) return undefined;
    throw error;
  }
  if (sla.notices.length > 0) await deps.alertQueue.send(sla.notices);
  await dispatchSoon(sla.timers, deps);
  await publishStored(events, deps);
  return { caseId: sla.case.id, opened: opening, plan, ...(triaged && { triaged }) };
};

const openedEvent = (theCase: Case, event: InboundEvent, deps: IngestDeps, now: string, previousCaseId?: string) => ({
  event: {
    id: deps.newId(),
    type: 'CaseOpened',
    version: 1,
    caseId: theCase.id,
    at: now,
    detail: {
      brand: theCase.brand,
      channel: event.channel,
      customerId: theCase.customerId,
      priority: theCase.priority,
    },
  } satisfies DomainEvent,
  audit: {
    caseId: theCase.id,
    id: deps.newId(),
    at: now,
    type: 'case.opened',
    actor: 'sundown',
    detail: {
      channel: event.channel,
      threadKey: event.threadKey,
      eventId: event.eventId,
      ...(previousCaseId && { previousCaseId }),
    },
  },
});

const applyOnce = async (event: InboundEvent, deps: IngestDeps): Promise<IngestOutcome> => {
  // Scored once: the stored message and the triage rules read the same score.
  const scored = triages(event) ? scoreSentiment(event.text) : undefined;
  const triage = triageStep(event, scored, deps);
  for (let round = 1; round <= MAX_ATTEMPTS; round++) {
    const located = await locate(event, deps);
    if (located.kind === 'ignored') {
      await deps.store.markProcessed(event.eventId, { reason: located.reason, platform: event.platform });
      return { outcome: 'ignored', reason: located.reason };
    }
    if (located.kind === 'park') {
      if (await parkUnlessArrived(event, located.on, deps)) return { outcome: 'parked', reason: located.reason };
      continue;
    }
    let written: Written | Planned | undefined;
    try {
      written = await attempt(event, located, triage, scored, deps);
    } catch (error) {
      if (error instanceof DuplicateEventError) return { outcome: 'duplicate' };
      throw error;
    }
    if (written === undefined) {
      await backoff(round);
      continue;
    }
    if ('caseId' in written) {
      if (written.triaged) await afterTriage(written.triaged, written.caseId, deps);
      return { outcome: 'applied', caseId: written.caseId, opened: written.opened };
    }
    if (written.kind === 'park') {
      const on = { channel: event.channel, platformMessageId: event.platformMessageId };
      if (await parkUnlessArrived(event, on, deps)) return { outcome: 'parked', reason: written.reason };
      continue;
    }
    if (written.kind === 'noop') {
      const caseId = located.kind === 'join' ? located.case.id : undefined;
      const first = await deps.store.markProcessed(event.eventId, {
        reason: written.reason,
        ...(caseId && { caseId }),
      });
      return first
        ? { outcome: 'ignored', reason: written.reason, ...(caseId && { caseId }) }
        : { outcome: 'duplicate' };
    }
  }
  throw new VersionConflictError(`event ${event.eventId} kept conflicting; gave up after ${MAX_ATTEMPTS} attempts`);
};

/**
 * Parks the event on the message it waits for. The message may have been stored while we
 * parked (its own drain would then have missed us): false tells the caller to apply it now.
 */
const parkUnlessArrived = async (event: InboundEvent, on: MessageRef, deps: IngestDeps): Promise<boolean> => {
  await deps.store.park(on, event);
  const arrived = await deps.store.findMessage(on.channel, on.platformMessageId);
  if (!arrived) return true;
  await deps.store.unpark(on, event.eventId);
  return false;
};

/** Applies the events that waited for this message, now that it is stored. */
const drainParked = async (ref: MessageRef, deps: IngestDeps): Promise<void> => {
  for (const waiting of await deps.store.parked(ref)) {
    await ingestInboundEvent(waiting, deps);
    await deps.store.unpark(ref, waiting.eventId);
  }
};

export const ingestInboundEvent = async (event: InboundEvent, deps: IngestDeps): Promise<IngestOutcome> => {
  if (await deps.store.hasProcessed(event.eventId)) return { outcome: 'duplicate' };
  const outcome = await applyOnce(event, deps);
  // A duplicate too: the first delivery may have stopped between its write and its drain.
  const stored = outcome.outcome === 'applied' || outcome.outcome === 'duplicate';
  if (stored && event.action !== 'edit' && event.action !== 'delete') {
    await drainParked({ channel: event.channel, platformMessageId: event.platformMessageId }, deps);
  }
  return outcome;
};
