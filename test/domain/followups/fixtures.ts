/** A config with departments, a two-level policy chain and reply windows, and builders for cases and messages. */
import { type SundownConfig, sundownConfigSchema } from '../../../functions/config/schema.ts';
import type { Case, FollowUp, Message } from '../../../functions/domain/case.ts';

export const followUpConfig = (overrides: Record<string, unknown> = {}): SundownConfig =>
  sundownConfigSchema.parse({
    brand: { id: 'acme', name: 'Acme', timeZone: 'Europe/London' },
    accounts: [{ channel: 'whatsapp', id: 'WA1' }],
    sla: { policies: [{ name: 'standard', firstResponse: 'PT1H', nextResponse: 'PT2H', escalation: 'social' }] },
    escalationChains: {
      social: { levels: [{ notify: ['social-team'] }, { notify: ['on-call'], after: 'PT10M' }] },
      billing: { levels: [{ notify: ['billing-lead'] }, { notify: ['finance-director'], after: 'PT30M' }] },
    },
    targets: {
      'social-team': { type: 'console' },
      'on-call': { type: 'console' },
      'billing-team': { type: 'console' },
      'billing-lead': { type: 'console' },
      'finance-director': { type: 'console' },
    },
    departments: {
      billing: { notify: ['billing-team'], acknowledgeWithin: 'PT1H', escalation: 'billing' },
      web: { notify: ['billing-team'], acknowledgeWithin: 'PT2H' },
    },
    replyWindows: { whatsapp: { length: 'PT24H', warnBefore: 'PT2H' } },
    ...overrides,
  });

export const aCase = (overrides: Partial<Case> = {}): Case => ({
  id: 'C1',
  brand: 'acme',
  brandAccount: 'WA1',
  channels: ['whatsapp'],
  customerId: 'P1',
  customerName: 'Sheena Nelson',
  status: 'open',
  statusChangedAt: '2026-03-02T10:00:00.000Z',
  priority: 'normal',
  subject: 'my refund never came',
  openedAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  lastInboundAt: '2026-03-02T10:00:00.000Z',
  awaitingResponseSince: '2026-03-02T10:00:00.000Z',
  messageCount: 1,
  sla: { policy: 'standard', clocks: {} },
  version: 1,
  ...overrides,
});

export const aMessage = (
  direction: Message['direction'],
  sentAt: string,
  overrides: Partial<Message> = {},
): Message => ({
  caseId: 'C1',
  channel: 'whatsapp',
  platformMessageId: `wamid.${direction}.${sentAt}`,
  direction,
  author: direction === 'inbound' ? { id: '16505551234', name: 'Sheena Nelson' } : { id: 'WA1' },
  text: direction === 'inbound' ? 'where is my refund?' : 'Looking into it now',
  sentAt,
  receivedAt: sentAt,
  threadKey: '16505551234',
  ...overrides,
});

export const aFollowUp = (overrides: Partial<FollowUp> = {}): FollowUp => ({
  id: 'F1',
  seq: 1,
  kind: 'promise',
  description: 'call back by 18:00',
  dueAt: '2026-03-02T18:00:00.000Z',
  createdAt: '2026-03-02T10:05:00.000Z',
  createdBy: 'agent-ann',
  status: 'open',
  ...overrides,
});

/** ULID-like ids in order: F-1, F-2... */
export const ids = () => {
  let n = 0;
  return () => `N${++n}`;
};
