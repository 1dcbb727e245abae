/** Builders for store tests: valid defaults, override only what the test is about. */
import { ulid } from 'ulid';
import type { AuditEntry, Case, Message, ThreadRef } from '../../../functions/domain/case.ts';
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

export function aThread(overrides: Partial<ThreadRef> = {}): ThreadRef {
  return { channel: 'x', brandAccount: 'acme-x', threadKey: `root-${ulid()}`, ...overrides };
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

/** Creates a case on its own new thread and returns it as stored. */
export async function givenCase(store: CaseStore, overrides: Partial<Case> = {}): Promise<Case> {
  const stored = aCase(overrides);
  await store.createCase({ case: stored, thread: aThread(), audit: [anAuditEntry(stored.id)] });
  return stored;
}

/** The next version of a stored case, as a use case would write it. */
export const nextVersion = (current: Case, changes: Partial<Case> = {}): Case => ({
  ...current,
  ...changes,
  version: current.version + 1,
});
