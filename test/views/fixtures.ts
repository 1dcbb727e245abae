/** A case view as the page gets it, with fixed times: the page is rendered at NOW. */
import type { Case, Message } from '../../functions/domain/case.ts';
import type { CaseView } from '../../functions/use-cases/read-cases.ts';
import type { CasePageInput } from '../../functions/views/case-page.ts';
import { aCase, aMessage, anAuditEntry } from '../adapters/dynamodb/fixtures.ts';

export const NOW = new Date('2026-01-01T10:00:00Z');
export const minutesFromNow = (minutes: number): string => new Date(NOW.getTime() + minutes * 60_000).toISOString();

export const aView = (changes: Partial<Case> = {}, messages?: (caseId: string) => Message[]): CaseView => {
  const theCase = aCase({ customerName: 'Jane Doe', customerHandle: '@jane', ...changes });
  return {
    case: theCase,
    messages: messages ? messages(theCase.id) : [aMessage(theCase.id)],
    audit: [anAuditEntry(theCase.id)],
    otherCases: [],
  };
};

export const pageInput = (view: CaseView, overrides: Partial<CasePageInput> = {}): CasePageInput => ({
  view,
  now: NOW,
  timeZone: 'UTC',
  forms: {
    baseUrl: 'https://api.example.com',
    caseId: view.case.id,
    tokens: { ack: 'ack-token', resolve: 'resolve-token', handoff: 'handoff-token' },
    departments: [{ name: 'baggage', description: 'Lost and delayed bags' }, { name: 'refunds' }],
  },
  ...overrides,
});
