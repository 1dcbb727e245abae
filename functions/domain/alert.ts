/**
 * An alert: what the escalation engine raises once per step and hands to every target of the
 * level, which only read it. The notifier port carries it; alerts/ renders and sends it.
 */
import type { Channel, FollowUp, Priority } from './case.ts';
import type { Deadline } from './sla/clock-table.ts';

export type AlertKind = 'warning' | 'breach' | 'escalation' | 'resolved';

export interface AlertCustomer {
  readonly name?: string;
  readonly handle?: string;
  readonly followers?: number;
  readonly verified?: boolean;
}

export interface Alert {
  /** Deterministic (see alertIdentity): a retried delivery carries the same id, so receivers can dedupe. */
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly caseId: string;
  /** Escalation.id of the breach this alert belongs to: `<clock>:<generation>`. */
  readonly escalationId: string;
  /** Signed links (links.ts): the case page, and one-click acknowledge and resolve. */
  readonly caseUrl: string;
  /** Only for a target that `acknowledges` (ports/notifier.ts). */
  readonly ackUrl?: string;
  /** Only for a target that `resolves`. */
  readonly resolveUrl?: string;
  readonly brand: string;
  readonly channel: Channel;
  readonly priority: Priority;
  readonly clock: Deadline;
  /** For a missed hand-off or promise (clock `followUp`): which one. */
  readonly followUp?: Pick<FollowUp, 'id' | 'kind' | 'description' | 'department'>;
  /** Why this alert comes again: `acknowledged by ann 30 min ago, still unanswered`. */
  readonly note?: string;
  /** Escalation level (1-based; 0 for a pre-breach warning) and round (0-based, for repeats). */
  readonly level: number;
  readonly round: number;
  readonly customer: AlertCustomer;
  /** Who took the case in the console, so the alert says whom to chase. */
  readonly assignee?: string;
  /** The customer's own words: the latest unanswered inbound message. */
  readonly latestCustomerText: string;
  /** The customer's post on the platform, when it has a public URL. */
  readonly postUrl?: string;
  /** Since when the customer has been waiting (ISO 8601). */
  readonly waitingSince: string;
  /** When the clock's target is (or was) missed (ISO 8601). */
  readonly dueAt: string;
  /** When the engine raised this alert (ISO 8601); durations in messages are measured to it. */
  readonly raisedAt: string;
  /** One per case and breach: `sundown:<caseId>:<clock>:<generation>`. PagerDuty's dedup_key. */
  readonly dedupKey: string;
  /**
   * The dedup key with Sundown's MAC (callback-marker.ts), ending the PagerDuty summary so a
   * webhook without incident_key finds the case. Without it only the incident_key can.
   */
  readonly callbackMarker?: string;
}
