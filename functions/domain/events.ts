/**
 * Versioned domain events published to the event bus. Their shape is a contract with
 * whoever routes them: add fields, never rename or remove them within one version.
 */
export const EVENT_SOURCE = 'sundown';

export type DomainEventType =
  | 'CaseOpened'
  | 'CaseResponded'
  | 'CaseReopened'
  | 'CaseResolved'
  | 'CaseAcknowledged'
  | 'SlaBreached'
  | 'CaseEscalated'
  /** Many new cases on one topic, or posts on one thread, within the surge window: one per surge. */
  | 'SurgeDetected'
  | 'CaseHandedOff'
  | 'FollowUpMissed';

export interface DomainEvent {
  /** ULID given when the change was planned: the same event relayed again keeps it, so consumers can dedupe. */
  readonly id: string;
  readonly type: DomainEventType;
  readonly version: 1;
  readonly caseId: string;
  readonly at: string;
  readonly detail: Readonly<Record<string, unknown>>;
}
