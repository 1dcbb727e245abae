import { describe, expect, it } from 'vitest';
import { configWith, officePolicy, standardPolicy, stepper } from './fixtures.ts';

/** London office hours, `sundown` resolution, warning at half time. */
const office = configWith([officePolicy]);

describe('reconcileSla: resolution', () => {
  it('is due at the close of the next business day when the case opens on Friday evening', () => {
    // Act
    const { sla } = stepper(office)(undefined, '2026-01-09T18:00:00.000Z');
    // Assess
    expect(sla?.clocks.resolution).toMatchObject({
      target: 'sundown',
      dueAt: '2026-01-12T17:00:00.000Z',
      warnAt: '2026-01-12T13:00:00.000Z',
    });
    expect(sla?.clocks.firstResponse).toMatchObject({
      dueAt: '2026-01-12T11:00:00.000Z',
      warnAt: '2026-01-12T10:00:00.000Z',
    });
  });

  it('stops every clock when the case is resolved', () => {
    // Prepare
    const step = stepper(configWith([standardPolicy]));
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    // Act
    const { sla, changes } = step(opened, '2026-01-05T12:00:00.000Z', {
      status: 'resolved',
      resolvedAt: '2026-01-05T12:00:00.000Z',
    });
    // Assess
    expect(sla?.clocks.firstResponse).toMatchObject({
      state: 'stopped',
      stoppedAt: '2026-01-05T12:00:00.000Z',
      met: false,
    });
    expect(sla?.clocks.resolution).toMatchObject({
      state: 'stopped',
      stoppedAt: '2026-01-05T12:00:00.000Z',
      met: true,
    });
    expect(changes.map((change) => [change.type, change.clock, change.detail.reason])).toEqual([
      ['sla.clock_stopped', 'firstResponse', 'resolved'],
      ['sla.clock_stopped', 'resolution', 'resolved'],
    ]);
  });

  it('starts a new generation from the reopen, and times the old unanswered message from then', () => {
    // Prepare: answered, the customer says thanks at 11:00, the brand resolves without a reply
    const step = stepper(configWith([standardPolicy]));
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    const answered = step(opened, '2026-01-05T10:30:00.000Z', {
      status: 'responded',
      firstResponseAt: '2026-01-05T10:30:00.000Z',
      lastOutboundAt: '2026-01-05T10:30:00.000Z',
      awaitingResponseSince: undefined,
    }).case;
    const thanked = step(answered, '2026-01-05T11:00:00.000Z', {
      awaitingResponseSince: '2026-01-05T11:00:00.000Z',
    }).case;
    const resolved = step(thanked, '2026-01-05T12:00:00.000Z', {
      status: 'resolved',
      resolvedAt: '2026-01-05T12:00:00.000Z',
    }).case;
    // Act: the customer writes again on Thursday
    const reopened = step(resolved, '2026-01-08T09:00:00.000Z', { status: 'responded', resolvedAt: undefined });
    const again = step(reopened.case, '2026-01-08T09:05:00.000Z');
    // Assess
    expect(reopened.sla?.clocks.resolution).toMatchObject({
      state: 'running',
      generation: 2,
      startedAt: '2026-01-08T09:00:00.000Z',
      dueAt: '2026-01-09T09:00:00.000Z',
    });
    expect(reopened.sla?.clocks.nextResponse).toMatchObject({
      state: 'running',
      generation: 2,
      startedAt: '2026-01-08T09:00:00.000Z',
      dueAt: '2026-01-08T11:00:00.000Z',
    });
    expect(reopened.sla?.clocks.firstResponse).toEqual(resolved.sla?.clocks.firstResponse);
    expect(again.changes).toEqual([]);
  });

  it('gives a customer never answered a new first-response clock when the case reopens', () => {
    // Prepare
    const step = stepper(configWith([standardPolicy]));
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    const resolved = step(opened, '2026-01-05T10:10:00.000Z', {
      status: 'resolved',
      resolvedAt: '2026-01-05T10:10:00.000Z',
    }).case;
    // Act
    const { sla } = step(resolved, '2026-01-06T09:00:00.000Z', { status: 'open', resolvedAt: undefined });
    // Assess
    expect(sla?.clocks.firstResponse).toMatchObject({
      state: 'running',
      generation: 2,
      dueAt: '2026-01-06T10:00:00.000Z',
    });
  });
});

describe('reconcileSla: warnings', () => {
  it('warns at 80% of the working time, not of the wall-clock time', () => {
    // Prepare
    const tenHours = configWith([
      { name: 'office', hours: { calendar: 'london-office' }, firstResponse: 'PT10H', warnAt: 0.8 },
    ]);
    // Act
    const { sla } = stepper(tenHours)(undefined, '2026-01-05T09:00:00.000Z');
    // Assess: eight working hours end at Monday's close; ten end Tuesday 11:00
    expect(sla?.clocks.firstResponse).toMatchObject({
      warnAt: '2026-01-05T17:00:00.000Z',
      dueAt: '2026-01-06T11:00:00.000Z',
    });
  });
});
