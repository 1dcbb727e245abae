/**
 * Shared builders for the SLA tests: a validated config with a London office calendar, and a
 * case opened by a customer on X. Times are fixed; dates are chosen for their weekdays and DST.
 */
import { type SundownConfig, sundownConfigSchema } from '../../../functions/config/schema.ts';
import type { Case } from '../../../functions/domain/case.ts';
import type { Calendar } from '../../../functions/domain/policies.ts';
import { reconcileSla } from '../../../functions/domain/sla/clocks.ts';
import type { CaseSla } from '../../../functions/domain/sla/types.ts';

const weekdays = (spans: string[]): Calendar['hours'] => ({
  mon: spans,
  tue: spans,
  wed: spans,
  thu: spans,
  fri: spans,
});

/** Mon-Fri 09:00-17:00 in London, closed on Christmas Day 2026 (a Friday). */
export const londonOffice: Calendar = {
  timeZone: 'Europe/London',
  hours: weekdays(['09:00-17:00']),
  holidays: ['2026-12-25'],
};

export const calendar = (timeZone: string, hours: Calendar['hours'], holidays: string[] = []): Calendar => ({
  timeZone,
  hours,
  holidays,
});

export const officeHours = (timeZone: string, spans = ['09:00-17:00']): Calendar => calendar(timeZone, weekdays(spans));

type PolicyInput = Record<string, unknown> & { name: string };

export const configWith = (policies: PolicyInput[], sla: { sundownCalendar?: string } = {}): SundownConfig =>
  sundownConfigSchema.parse({
    brand: { id: 'acme', name: 'Acme' },
    accounts: [{ channel: 'x', id: '1001' }],
    calendars: { 'london-office': londonOffice },
    sla: { policies: policies.map((policy) => ({ escalation: 'on-call', ...policy })), ...sla },
    escalationChains: { 'on-call': { levels: [{ notify: ['console'] }] } },
    targets: { console: { type: 'console' } },
  });

/** 24x7: answer within an hour, answer follow-ups within two, resolve within a day; warn at 80%. */
export const standardPolicy = {
  name: 'standard',
  firstResponse: 'PT1H',
  nextResponse: 'PT2H',
  resolution: 'P1D',
  warnAt: 0.8,
};

/** London office hours: first answer within two working hours, follow-ups four, resolved by sundown. */
export const officePolicy = {
  name: 'office',
  hours: { calendar: 'london-office' },
  firstResponse: 'PT2H',
  nextResponse: 'PT4H',
  resolution: 'sundown',
  warnAt: 0.5,
};

export const openCase = (overrides: Partial<Case> = {}): Case => ({
  id: 'C1',
  brand: 'acme',
  brandAccount: '1001',
  channels: ['x'],
  customerId: 'P1',
  status: 'open',
  statusChangedAt: '2026-01-05T10:00:00.000Z',
  priority: 'normal',
  subject: 'my order never arrived',
  openedAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
  lastInboundAt: '2026-01-05T10:00:00.000Z',
  awaitingResponseSince: '2026-01-05T10:00:00.000Z',
  messageCount: 1,
  version: 1,
  ...overrides,
});

/** The case as stored after a change: new fields, and the clocks as they were. */
export const changed = (current: Case, sla: CaseSla | undefined, changes: Partial<Case>): Case => {
  const { sla: _stale, ...rest } = current;
  return { ...rest, ...(sla && { sla }), ...changes, version: current.version + 1 };
};

export const utc = (iso: string): Date => new Date(iso);

/** Applies `fields` to the case (or opens it) and reconciles its clocks, as the use case would. */
export const stepper =
  (config: SundownConfig) =>
  (current: Case | undefined, now: string, fields: Partial<Case> = {}) => {
    const after = current
      ? changed(current, current.sla, { ...fields, updatedAt: now })
      : openCase({
          openedAt: now,
          statusChangedAt: now,
          updatedAt: now,
          lastInboundAt: now,
          awaitingResponseSince: now,
          ...fields,
        });
    const { sla, changes } = reconcileSla({ ...(current && { before: current }), after, now, config });
    const { sla: _previous, ...rest } = after;
    const stored: Case = { ...rest, ...(sla && { sla }) };
    return { case: stored, sla, changes };
  };
