/** Builders for store tests: valid defaults, override only what the test is about. */
import { ulid } from 'ulid';
import type { AuditEntry, Case, Message } from '../../../functions/domain/case.ts';
import { type InboundEvent, inboundEventSchema } from '../../../functions/domain/inbound-event.ts';
import type { CaseStore } from '../../../functions/ports.ts';

export const at = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString();

export function aCase(overrides: Partial<Case> = {}): Case {
  return {
    id: ulid(),
    brand: 'acme',
    brandAccount: 'acme-x',
    channels: ['x'],
    customerId: 'customer-1',
    status: 'open',
    statusChangedAt: at(0),
    priority: 'normal',
    subject: 'my parcel never arrived',
    openedAt: at(0),
    updatedAt: at(0),
    messageCount: 0,
    version: 1,
    ...overrides,
  };
}

export function aMessage(caseId: string, overrides: Partial<Message> = {}): Message {
  return {
    caseId,
    channel: 'x',
    platformMessageId: `tweet-${ulid()}`,
    direction: 'inbound',
    author: { id: 'author-1', handle: 'jane' },
    text: 'where is my parcel?',
    sentAt: at(1),
    receivedAt: at(1),
    threadKey: 'root-1',
    ...overrides,
  };
}

export function anAuditEntry(caseId: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { caseId, id: ulid(), at: at(0), type: 'case.opened', actor: 'system', ...overrides };
}

/** Creates a case (claiming no conversation) and returns it as stored. */
export async function givenCase(store: CaseStore, overrides: Partial<Case> = {}): Promise<Case> {
  const stored = aCase(overrides);
  await store.createCase({ case: stored, audit: [anAuditEntry(stored.id)] });
  return stored;
}

/** The next version of a stored case, as a use case would write it. */
export const nextVersion = (current: Case, changes: Partial<Case> = {}): Case => ({
  ...current,
  ...changes,
  version: current.version + 1,
});

/** An edit of an X post, as the normaliser queues it. */
export function anInboundEdit(eventId: string, occurredAt: string): InboundEvent {
  return inboundEventSchema.parse({
    version: 1,
    eventId,
    platform: 'x',
    channel: 'x',
    action: 'edit',
    brandAccount: 'brand-1',
    threadKey: 'root-1',
    platformMessageId: 'not-yet',
    direction: 'inbound',
    author: { id: 'customer-1' },
    text: 'edited',
    occurredAt,
    receivedAt: occurredAt,
    raw: '{}',
  });
}
