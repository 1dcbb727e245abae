import { describe, expect, it } from 'vitest';
import { selectPolicy, sundownTime, workingTimeFor } from '../../../functions/domain/sla/policy.ts';
import { configWith, utc } from './fixtures.ts';

const config = configWith([
  { name: 'urgent', match: { priorities: ['urgent', 'high'] }, firstResponse: 'PT15M' },
  { name: 'public-x', match: { channels: ['x', 'instagram'] }, firstResponse: 'PT30M' },
  { name: 'urgent-whatsapp', match: { priorities: ['urgent'], channels: ['whatsapp'] }, firstResponse: 'PT5M' },
  { name: 'office', hours: { calendar: 'london-office' }, firstResponse: 'PT4H', resolution: 'sundown' },
]);
const policies = config.sla.policies;

describe('selectPolicy', () => {
  it.each([
    ['the first policy that matches wins', { priority: 'urgent', channels: ['whatsapp'] }, 'urgent'],
    ['priorities must contain the case priority', { priority: 'high', channels: ['email'] }, 'urgent'],
    ['channels must intersect the case channels', { priority: 'low', channels: ['email', 'instagram'] }, 'public-x'],
    ['an empty match fits everything else', { priority: 'normal', channels: ['email'] }, 'office'],
  ] as const)('%s', (_, theCase, expected) => {
    expect(selectPolicy(policies, theCase)?.name).toBe(expected);
  });

  it('needs every given criterion to hold', () => {
    // Prepare
    const strict = policies.filter((policy) => policy.name === 'urgent-whatsapp');
    // Act / Assess
    expect(selectPolicy(strict, { priority: 'urgent', channels: ['x'] })).toBeUndefined();
    expect(selectPolicy(strict, { priority: 'normal', channels: ['whatsapp'] })).toBeUndefined();
    expect(selectPolicy(strict, { priority: 'urgent', channels: ['x', 'whatsapp'] })?.name).toBe('urgent-whatsapp');
  });

  it('finds nothing when no policy matches', () => {
    expect(selectPolicy([], { priority: 'normal', channels: ['x'] })).toBeUndefined();
  });
});

describe('workingTimeFor and sundownTime', () => {
  const [urgent, , , office] = policies as [(typeof policies)[number], unknown, unknown, (typeof policies)[number]];
  const fridayEvening = utc('2026-01-09T18:00:00.000Z');

  it('counts 24x7 by default and business hours when the policy names a calendar', () => {
    expect(workingTimeFor(urgent, config).addWorkingTime(fridayEvening, 3_600_000).toISOString()).toBe(
      '2026-01-09T19:00:00.000Z',
    );
    expect(workingTimeFor(office, config).addWorkingTime(fridayEvening, 3_600_000).toISOString()).toBe(
      '2026-01-12T10:00:00.000Z',
    );
  });

  it("takes sundown from the policy's own calendar, else from sla.sundownCalendar", () => {
    // Prepare
    const withSundown = configWith([{ name: 'any', firstResponse: 'PT1H', resolution: 'sundown' }], {
      sundownCalendar: 'london-office',
    });
    const [any] = withSundown.sla.policies as [(typeof policies)[number]];
    // Act / Assess
    expect(sundownTime(config, office).endOfBusinessDay(fridayEvening).toISOString()).toBe('2026-01-12T17:00:00.000Z');
    expect(sundownTime(withSundown, any).endOfBusinessDay(fridayEvening).toISOString()).toBe(
      '2026-01-12T17:00:00.000Z',
    );
    expect(() => sundownTime(config, urgent)).toThrow(/no business hours and no sla.sundownCalendar/);
  });
});
