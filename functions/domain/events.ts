/**
 * Versioned domain events published to the event bus. Their shape is a contract with
 * whoever routes them: add fields, never rename or remove them within one version. One zod
 * schema says it; the type every producer builds is inferred from it.
 */
import * as z from 'zod/mini';
import { isoTimestamp } from './contract.ts';

export const EVENT_SOURCE = 'sundown';

export const DOMAIN_EVENT_TYPES = [
  'CaseOpened',
  'CaseResponded',
  'CaseReopened',
  'CaseResolved',
  'CaseAcknowledged',
  'SlaBreached',
  'CaseEscalated',
  /** Many new cases on one topic, or posts on one thread, within the surge window: one per surge. */
  'SurgeDetected',
  'CaseHandedOff',
  'FollowUpMissed',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export const domainEventSchema = z.object({
  /** ULID given when the change was planned: the same event relayed again keeps it, so consumers can dedupe. */
  id: z.string().check(z.minLength(1)),
  type: z.enum(DOMAIN_EVENT_TYPES),
  version: z.literal(1),
  caseId: z.string().check(z.minLength(1)),
  at: isoTimestamp,
  detail: z.readonly(z.record(z.string(), z.unknown())),
});
export type DomainEvent = Readonly<z.infer<typeof domainEventSchema>>;
