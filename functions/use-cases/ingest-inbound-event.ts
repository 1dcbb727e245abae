/**
 * The intake processor's use case: apply one normalised platform event to its case, exactly
 * once, whatever order and however often the platform delivered it.
 *
 * A case is one customer's conversation with the brand: a customer's message joins their latest
 * case within the conversation window, whatever thread or channel it came from; a brand message
 * joins the case of the message it replies to, else of the customer it addresses. Edits,
 * deletions and replies that arrive before the message they refer to wait for it.
 */
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { ConversationTakenError, DuplicateEventError, VersionConflictError } from '../commons/errors.ts';
import type { SundownConfig } from '../config/schema.ts';
import { type AnswerRules, type Planned, planEvent } from '../domain/apply-event.ts';
import { type Case, type Channel, IDENTITY_KINDS, type Identity, type Message } from '../domain/case.ts';
import { joinsCase } from '../domain/conversation.ts';
import type { DomainEvent } from '../domain/events.ts';
import { type InboundEvent, visibilityOf, waitingOn } from '../domain/inbound-event.ts';
import { scoreSentiment } from '../domain/triage/sentiment.ts';
import type { AlertQueue, CaseStore, Clock, FeedbackStore, WindowCounters } from '../ports.ts';
import { type PublishDeps, publishOrKeep } from './publish-stored.ts';
import { applySla } from './sla-step.ts';
import { settleTimers, type TimerDispatch } from './timer-dispatch.ts';
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

/** Where the event goes: an existing case, a new one, a wait for what it refers to, or nowhere. */
type Located =
  | { readonly kind: 'join'; readonly case: Case; readonly existing?: Message; readonly claimed?: readonly Identity[] }
  | {
      readonly kind: 'open';
      readonly customerId: string;
      readonly customerName?: string;
      readonly claim: boolean;
      readonly replaces?: string;
      readonly claimed?: readonly Identity[];
    }
  | { readonly kind: 'park'; readonly on: string; readonly reason: string; readonly arrived: () => Promise<boolean> }
  | { readonly kind: 'ignored'; readonly reason: string };

/** The customer's identities: whoever wrote, or, for brand messages, whoever was written to. */
const customerIdentities = (event: InboundEvent): Identity[] => {
  const identities = [...event.identities];
  const platformKind = IDENTITY_KINDS.find((kind) => kind === event.channel);
  if (event.direction !== 'inbound') return identities;
  if (platformKind && !event.author.id.startsWith('unknown:')) {
    if (!identities.some((i) => i.kind === platformKind && i.value === event.author.id)) {
      identities.unshift({ kind: platformKind, value: event.author.id });
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

const waitForMessage = (channel: Channel, platformMessageId: string, reason: string, deps: IngestDeps): Located => ({
  kind: 'park',
  on: waitingOn.message(channel, platformMessageId),
  reason,
  arrived: async () => (await deps.store.findMessage(channel, platformMessageId)) !== undefined,
});

/** The customer's latest case if the event joins it, else a new case (which becomes the latest only if newer). */
const conversationOf = async (
  event: InboundEvent,
  customer: { readonly id: string; readonly displayName?: string },
  claimed: readonly Identity[],
  deps: IngestDeps,
): Promise<Located> => {
  const open = {
    kind: 'open',
    customerId: customer.id,
    ...(customer.displayName && { customerName: customer.displayName }),
    claimed,
  } as const;
  const latestId = await deps.store.findConversation(customer.id, deps.config.brand.id);
  if (!latestId) return { ...open, claim: true };
  const latest = await deps.store.getCase(latestId);
  if (!latest) return { ...open, claim: true, replaces: latestId };
  const { cases } = deps.config;
  const windows = { window: cases.conversationWindow[visibilityOf(event)], reopenWithin: cases.reopenWithin };
  if (joinsCase(latest, { direction: event.direction, sentAt: event.occurredAt }, windows)) {
    return { kind: 'join', case: latest, claimed };
  }
  // A message older than the latest case is a case of its own; the latest stays the one to join.
  const newer = event.occurredAt > (latest.lastMessageAt ?? latest.openedAt);
  return { ...open, claim: newer, replaces: latestId };
};

const locate = async (event: InboundEvent, deps: IngestDeps): Promise<Located> => {
  if (event.action !== 'message') {
    const existing = await deps.store.findMessage(event.channel, event.platformMessageId);
    if (existing) return { kind: 'join', case: await caseOf(existing.caseId, deps), existing };
    if (event.action !== 'status') {
      return waitForMessage(
        event.channel,
        event.platformMessageId,
        `${event.action} of a message not received yet`,
        deps,
      );
    }
    // A status of a brand message sent outside the webhooks (WhatsApp Cloud API) is that message.
  }
  if (event.direction === 'inbound') {
    const named = event.author.name ? { displayName: event.author.name } : {};
    const customer = await deps.store.resolveCustomer(customerIdentities(event), named);
    return conversationOf(event, customer, customer.claimed, deps);
  }
  if (event.inReplyTo) {
    const repliedTo = await deps.store.findMessage(event.channel, event.inReplyTo);
    if (repliedTo) return { kind: 'join', case: await caseOf(repliedTo.caseId, deps) };
  }
  // A brand message never creates a customer: it waits for the message it answers, or for the person it addresses.
  const addressed = event.identities;
  const customer = addressed.length > 0 ? await deps.store.findCustomer(addressed) : undefined;
  if (customer) return conversationOf(event, customer, [], deps);
  if (event.inReplyTo)
    return waitForMessage(event.channel, event.inReplyTo, 'brand reply to a message not received yet', deps);
  const [first] = addressed;
  if (!first) return { kind: 'ignored', reason: 'brand post outside any customer conversation' };
  return {
    kind: 'park',
    on: waitingOn.identity(first),
    reason: 'brand message to a customer not heard from yet',
    arrived: async () => (await deps.store.findCustomer(addressed)) !== undefined,
  };
};

/** Compiled once per config (a config is read once per cold start), not on every attempt. */
const compiledRules = new WeakMap<SundownConfig, AnswerRules>();
const answerRules = (config: SundownConfig): AnswerRules => {
  let rules = compiledRules.get(config);
  if (!rules) {
    rules = {
      automationAppIds: config.cases.notAnswers.automationAppIds,
      automatedPatterns: config.cases.notAnswers.automatedPatterns.map((source) => new RegExp(source, 'i')),
    };
    compiledRules.set(config, rules);
  }
  return rules;
};

/**
 * The id of the case an event opens: the same on every attempt at the event, so that a retry after
 * a writer stopped mid-write opens the case the stopped one named (where its message's ref points)
 * rather than another. A ULID dated when the event happened; its random part comes from the event id.
 */
export const caseIdFor = (event: InboundEvent): string => {
  const digest = createHash('sha256').update(event.eventId).digest();
  let next = 0;
  return ulid(Date.parse(event.occurredAt), () => (digest[next++ % digest.length] ?? 0) / 256);
};

/** A case with no message yet: what the first message is planned against. */
const blankCase = (
  located: Extract<Located, { kind: 'open' }>,
  event: InboundEvent,
  deps: IngestDeps,
  now: string,
): Case => ({
  id: caseIdFor(event),
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

type Written = {
  caseId: string;
  opened: boolean;
  plan: Extract<Planned, { kind: 'change' }>;
  triaged?: TriageStep;
  claimed: readonly Identity[];
};

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
    // The case changed since it was located: locate the event again against the new version.
    if (!detail || detail.case.version !== current.version) return undefined;
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
        eventsOnMarker: events,
      });
    } else {
      await deps.store.saveCase({
        case: sla.case,
        expectedVersion: current.version,
        audit,
        message: plan.message,
        idempotencyKey: event.eventId,
        timers: sla.timers,
        eventsOnMarker: events,
      });
    }
  } catch (error) {
    if (error instanceof VersionConflictError || error instanceof ConversationTakenError) return undefined;
    throw error;
  }
  if (sla.notices.length > 0) await deps.alertQueue.send(sla.notices);
  await settleTimers(sla, deps);
  await publishOrKeep(events, deps);
  return { caseId: sla.case.id, opened: opening, plan, ...(triaged && { triaged }), claimed: located.claimed ?? [] };
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

/** The message the event is about: a write that stored it keeps the event's marker on its ref. */
const messageOf = (event: InboundEvent) => ({ channel: event.channel, platformMessageId: event.platformMessageId });

type Applied = { readonly outcome: IngestOutcome; readonly claimed: readonly Identity[] };

const applyOnce = async (event: InboundEvent, deps: IngestDeps): Promise<Applied> => {
  // Scored once: the stored message and the triage rules read the same score.
  const scored = triages(event) ? scoreSentiment(event.text) : undefined;
  const triage = triageStep(event, scored, deps);
  // Identities claimed in any round: a round that claims one and then loses its write to a
  // conflict leaves the claim made, and the brand messages waiting on it must still be drained.
  const claimedSoFar = new Map<string, Identity>();
  for (let round = 1; round <= MAX_ATTEMPTS; round++) {
    const located = await locate(event, deps);
    if (located.kind === 'join' || located.kind === 'open') {
      for (const identity of located.claimed ?? []) claimedSoFar.set(`${identity.kind}:${identity.value}`, identity);
    }
    if (located.kind === 'ignored') {
      await deps.store.markProcessed(event.eventId, { reason: located.reason, platform: event.platform });
      return { outcome: { outcome: 'ignored', reason: located.reason }, claimed: [...claimedSoFar.values()] };
    }
    if (located.kind === 'park') {
      if (await parkUnlessArrived(event, located, deps)) {
        return { outcome: { outcome: 'parked', reason: located.reason }, claimed: [...claimedSoFar.values()] };
      }
      continue;
    }
    let written: Written | Planned | undefined;
    try {
      written = await attempt(event, located, triage, scored, deps);
    } catch (error) {
      if (!(error instanceof DuplicateEventError)) throw error;
      // Another event about the same message (a status racing its sibling) stored it first: apply this one to it.
      if (event.action === 'status' && !(await deps.store.hasProcessed(event.eventId, messageOf(event)))) continue;
      return { outcome: { outcome: 'duplicate' }, claimed: [...claimedSoFar.values()] };
    }
    if (written === undefined) {
      await backoff(round);
      continue;
    }
    if ('caseId' in written) {
      if (written.triaged) await afterTriage(written.triaged, written.caseId, deps);
      return {
        outcome: { outcome: 'applied', caseId: written.caseId, opened: written.opened },
        claimed: [...claimedSoFar.values()],
      };
    }
    if (written.kind === 'park') {
      const parked = waitForMessage(event.channel, event.platformMessageId, written.reason, deps);
      if (parked.kind === 'park' && (await parkUnlessArrived(event, parked, deps))) {
        return { outcome: { outcome: 'parked', reason: written.reason }, claimed: [...claimedSoFar.values()] };
      }
      continue;
    }
    if (written.kind === 'noop') {
      const caseId = located.kind === 'join' ? located.case.id : undefined;
      const first = await deps.store.markProcessed(event.eventId, {
        reason: written.reason,
        ...(caseId && { caseId }),
      });
      const outcome: IngestOutcome = first
        ? { outcome: 'ignored', reason: written.reason, ...(caseId && { caseId }) }
        : { outcome: 'duplicate' };
      return { outcome, claimed: [...claimedSoFar.values()] };
    }
  }
  throw new VersionConflictError(`event ${event.eventId} kept conflicting; gave up after ${MAX_ATTEMPTS} attempts`);
};

/**
 * Parks the event on what it waits for. That may have been stored while we parked (its own
 * drain would then have missed us): false tells the caller to apply the event now.
 */
const parkUnlessArrived = async (
  event: InboundEvent,
  waiting: Extract<Located, { kind: 'park' }>,
  deps: IngestDeps,
): Promise<boolean> => {
  await deps.store.park(waiting.on, event);
  if (!(await waiting.arrived())) return true;
  await deps.store.unpark(waiting.on, event.eventId);
  return false;
};

/** Applies the events that waited for this key, now that what they waited for is stored. */
const drainParked = async (on: string, deps: IngestDeps): Promise<void> => {
  for (const waiting of await deps.store.parked(on)) {
    // One still parked but already applied was applied by a drain that stopped before unparking it.
    await ingestInboundEvent(waiting, deps);
    await deps.store.unpark(on, waiting.eventId);
  }
};

export const ingestInboundEvent = async (event: InboundEvent, deps: IngestDeps): Promise<IngestOutcome> => {
  const written = await deps.store.processedEvents(event.eventId, messageOf(event));
  // Found processed: an earlier attempt may have stopped after its write, and neither a queue
  // redelivery nor a dead-letter redrive (whose receive count starts again at 1) can be told from
  // a platform's duplicate, so its kept events are published again (same ids; consumers dedupe).
  if (written) await publishOrKeep(written, deps);
  const { outcome, claimed } = written
    ? { outcome: { outcome: 'duplicate' } as const, claimed: [] }
    : await applyOnce(event, deps);
  // A duplicate too: the first delivery may have stopped between its write and its drain.
  const stored = outcome.outcome === 'applied' || outcome.outcome === 'duplicate';
  if (stored && event.action !== 'edit' && event.action !== 'delete') {
    await drainParked(waitingOn.message(event.channel, event.platformMessageId), deps);
  }
  // Brand messages that waited for this person, now that their identities are known.
  for (const identity of claimed) await drainParked(waitingOn.identity(identity), deps);
  return outcome;
};
