import type { CaseSla, Deadline } from './sla/types.ts';

/**
 * The case model: one case per conversation, holding the customer's whole history
 * across channels. Pure TypeScript: nothing here knows about AWS.
 */

export const CHANNELS = [
  'x',
  'facebook',
  'instagram',
  'messenger',
  'whatsapp',
  'email',
  'phone',
  'chat',
  'sms',
  'web',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CASE_STATUSES = ['open', 'responded', 'waiting_on_customer', 'resolved'] as const;
/** `open` means the customer is waiting for the brand's first response. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Direction = 'inbound' | 'outbound';

/** Where a message lives on a platform (the post it is under, the DM conversation). */
export interface ThreadRef {
  readonly channel: Channel;
  /** The brand's own account on that channel (X user id, page id, WhatsApp phone number id...). */
  readonly brandAccount: string;
  /** The platform's conversation key (root post id, DM conversation id, customer wa_id...). */
  readonly threadKey: string;
}

export interface Case {
  readonly id: string;
  readonly brand: string;
  readonly brandAccount: string;
  readonly channels: readonly Channel[];
  readonly customerId: string;
  readonly customerName?: string;
  readonly customerHandle?: string;
  readonly status: CaseStatus;
  /** When status last changed; a customer writing after it reopens a resolved or waiting case. */
  readonly statusChangedAt: string;
  readonly priority: Priority;
  /** First words of the message that opened the case. */
  readonly subject: string;
  readonly openedAt: string;
  readonly updatedAt: string;
  /** The customer's first message: the first-response clock starts here. Absent while only the brand has written. */
  readonly firstInboundAt?: string;
  readonly lastInboundAt?: string;
  /** The brand's latest answer (a real brand message: not failed, not automated). */
  readonly lastOutboundAt?: string;
  /** The latest message of either side: a customer's next message joins this case within the conversation window. */
  readonly lastMessageAt?: string;
  readonly firstResponseAt?: string;
  /** Which brand message gave the first response, and why it counts as an answer. */
  readonly answeredBy?: AnswerRef;
  /** What the clocks need to follow the conversation without reading its messages. */
  readonly progress?: ConversationProgress;
  /** The oldest customer message not yet answered by the brand; absent when the brand spoke last. */
  readonly awaitingResponseSince?: string;
  readonly resolvedAt?: string;
  readonly assignee?: string;
  readonly messageCount: number;
  /** SLA clocks, when a policy applies. */
  readonly sla?: CaseSla;
  /** One entry per breach: who was alerted, and whether someone acknowledged. */
  readonly escalations?: readonly Escalation[];
  /** Why the case has its priority: the triage rules that fired (reach, keywords, sentiment...). */
  readonly triage?: TriageDecision;
  /** Sentiment of the customer's first and latest message, so reports show how their mood changed. */
  readonly sentiment?: CaseSentiment;
  /** Topics the feedback rules tagged the case with. */
  readonly topics?: readonly string[];
  /** Set when troll or spam rules fired: the case stays stored and visible but pages nobody at night. */
  readonly suppressed?: Suppression;
  /** Alerts of a suppressed case held back outside business hours, delivered (grouped per target) when they open. */
  readonly deferredAlerts?: readonly DeferredAlert[];
  /** Hand-offs, promises, check-backs and platform reply windows: deadlines beyond the SLA clocks. */
  readonly followUps?: readonly FollowUp[];
  /** Optimistic lock: every successful write increments it by one. */
  readonly version: number;
}

export interface AnswerRef {
  readonly channel: Channel;
  readonly platformMessageId: string;
  readonly at: string;
  readonly reason: string;
}

/**
 * The bounded part of a conversation the case item carries, so message N costs what message 1
 * costs: customer messages not yet answered, and brand answers older than the customer's first
 * message (a conversation the brand started, or a reply processed before the message it answers).
 */
export interface ConversationProgress {
  /** Times of customer messages after the latest answer, oldest first. */
  readonly unanswered: readonly string[];
  /** Answers before the first customer message, oldest first. */
  readonly earlyAnswers: readonly AnswerRef[];
}

export interface TriageDecision {
  readonly priority: Priority;
  /** One line per rule that fired, e.g. `reach: 120000 followers >= 10000`. */
  readonly reasons: readonly string[];
  readonly decidedAt: string;
}

export interface CaseSentiment {
  /** Comparative score (score per word) of the customer's first and latest message; below 0 is negative. */
  readonly first: number;
  readonly latest: number;
  readonly firstAt: string;
  readonly latestAt: string;
}

/** A chain step's alert to one target, held back until the suppression calendar opens. */
export interface DeferredAlert {
  readonly alertId: string;
  readonly target: string;
  readonly escalationId: string;
  readonly clock: Deadline;
  readonly kind: 'breach' | 'escalation';
  readonly level: number;
  readonly round: number;
  readonly deferredAt: string;
  readonly until: string;
}

export interface Suppression {
  readonly reason: string;
  readonly at: string;
}

export interface FollowUp {
  readonly id: string;
  readonly kind: 'handoff' | 'promise' | 'checkback' | 'reply_window';
  readonly description: string;
  /** The department a hand-off went to, or on whose behalf a promise was made. */
  readonly department?: string;
  readonly dueAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly status: 'open' | 'kept' | 'missed' | 'cancelled';
  readonly closedAt?: string;
  /** Who marked it kept or cancelled (`sundown` when a brand reply kept it). */
  readonly closedBy?: string;
  /** 1-based position among the case's follow-ups: the generation of its timers and escalation. */
  readonly seq?: number;
  /** Reply windows: the platform channel whose window this is. */
  readonly channel?: Channel;
  /** Reply windows: when the warning goes out, and when it went. */
  readonly warnAt?: string;
  readonly warnedAt?: string;
  /** Promises: the brand's next outbound message keeps it. */
  readonly keptByReply?: boolean;
  /** Hand-offs: the note for the department. */
  readonly note?: string;
  /** Check-backs: when the reminder went to the social team. */
  readonly remindedAt?: string;
}

export interface MessageEdit {
  readonly text: string;
  readonly at: string;
}

export interface Author {
  readonly id: string;
  readonly handle?: string;
  readonly name?: string;
  readonly followers?: number;
  readonly verified?: boolean;
}

export interface Message {
  readonly caseId: string;
  readonly channel: Channel;
  readonly platformMessageId: string;
  readonly direction: Direction;
  readonly author: Author;
  readonly text: string;
  /** When the platform says the message was written. Messages are ordered by it. */
  readonly sentAt: string;
  readonly receivedAt: string;
  readonly threadKey: string;
  readonly inReplyTo?: string;
  readonly url?: string;
  /** Earlier and later versions are kept: an edit never erases what was said. */
  readonly edits?: readonly MessageEdit[];
  readonly deletedAt?: string;
  /** Delivery state of outbound messages where the platform reports it (sent, delivered, read, failed). */
  readonly deliveryStatus?: string;
  /** Comparative sentiment score of an inbound message (see CaseSentiment). */
  readonly sentiment?: number;
  /** Why a brand message is not an answer (an automated reply); absent for real answers. */
  readonly notAnAnswer?: string;
  /** The text was longer than Sundown keeps: `text` holds its beginning. */
  readonly truncated?: { readonly bytes: number };
}

export const IDENTITY_KINDS = [
  'x',
  'facebook',
  'instagram',
  'messenger',
  'whatsapp',
  'email',
  'phone',
  'external',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface Identity {
  readonly kind: IdentityKind;
  /** Normalised: lower-case e-mail, E.164-ish digits for phone numbers, platform ids as given. */
  readonly value: string;
}

export interface Customer {
  readonly id: string;
  readonly displayName?: string;
  readonly identities: readonly Identity[];
  readonly createdAt: string;
}

/** Append-only record of everything that happened to a case. */
export interface AuditEntry {
  readonly caseId: string;
  /** ULID: sortable and unique, so two entries at the same millisecond keep their order. */
  readonly id: string;
  readonly at: string;
  readonly type: string;
  readonly actor: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface CaseDetail {
  readonly case: Case;
  readonly messages: readonly Message[];
  readonly audit: readonly AuditEntry[];
}

/** The escalation chain walked for one breach of one clock. */
export interface Escalation {
  /** `<clock>:<generation>`: one breach of one clock run, or `followUp:<seq>`: one missed follow-up. */
  readonly id: string;
  readonly clock: Deadline;
  /** Set for a missed hand-off or promise: the follow-up's id. */
  readonly followUpId?: string;
  readonly chain: string;
  readonly breachedAt: string;
  /** Highest level alerted so far (1-based) and in which round (0-based, for repeats). */
  readonly level: number;
  readonly round: number;
  readonly lastAlertAt: string;
  /** The latest acknowledgement: it holds the chain until `heldUntil`, then an unanswered case's chain resumes. */
  readonly acknowledgedAt?: string;
  readonly acknowledgedBy?: string;
  /** Set while an acknowledgement holds the chain; removed when the chain resumes. */
  readonly heldUntil?: string;
  /** When the chain last resumed after a hold, the case still unanswered. */
  readonly resumedAt?: string;
  /** Set when the chain stopped for good: acknowledged, answered, resolved, or out of levels. */
  readonly endedAt?: string;
  readonly endReason?: 'acknowledged' | 'answered' | 'resolved' | 'exhausted';
  /** Set when the last level of the last round was alerted: nobody further is paged unless someone acknowledges. */
  readonly exhaustedAt?: string;
  /** When paging tools were told to close their incident of an acknowledged escalation (answered or resolved later). */
  readonly pagingClosedAt?: string;
  /** What each target did with each step's alert: a level counts as alerted once one target accepted it. */
  readonly deliveries?: readonly TargetDelivery[];
  /** Steps (`L<level>:R<round>`) whose every target failed, so the chain moved on without waiting. */
  readonly failedOver?: readonly string[];
}

/** One target's delivery of one step of an escalation chain (or of the fallback target). */
export interface TargetDelivery {
  readonly target: string;
  readonly level: number;
  readonly round: number;
  /** `retrying`: the last attempt failed and the alert queue tries again; `failed`: no retry can help. */
  readonly state: 'delivered' | 'retrying' | 'failed';
  /** When this state was recorded. */
  readonly at: string;
  readonly reason?: string;
  readonly attempts?: number;
  /** The configured `alerts.fallback` target, tried when the chain ran out of working targets. */
  readonly fallback?: boolean;
}
