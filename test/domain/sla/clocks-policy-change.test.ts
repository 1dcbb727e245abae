import { describe, expect, it } from 'vitest';
import { configWith, standardPolicy, stepper } from './fixtures.ts';

const HOUR = 3_600_000;
const urgentFirst = configWith([
  { name: 'urgent', match: { priorities: ['urgent'] }, firstResponse: 'PT15M', resolution: 'PT4H', warnAt: 0.8 },
  standardPolicy,
]);

describe('reconcileSla: policy change', () => {
  it("keeps the start and moves the deadlines to the new policy's targets when priority rises", () => {
    // Prepare
    const step = stepper(urgentFirst);
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    // Act
    const { sla, changes } = step(opened, '2026-01-05T10:05:00.000Z', { priority: 'urgent' });
    // Assess
    expect(sla?.policy).toBe('urgent');
    expect(sla?.clocks.firstResponse).toEqual({
      name: 'firstResponse',
      state: 'running',
      generation: 1,
      startedAt: '2026-01-05T10:00:00.000Z',
      target: 'PT15M',
      dueAt: '2026-01-05T10:15:00.000Z',
      warnAt: '2026-01-05T10:12:00.000Z',
    });
    expect(sla?.clocks.resolution).toMatchObject({ dueAt: '2026-01-05T14:00:00.000Z', generation: 1 });
    expect(changes).toEqual([
      {
        type: 'sla.policy_changed',
        detail: {
          from: 'standard',
          to: 'urgent',
          priority: 'urgent',
          channels: ['x'],
          clocks: {
            firstResponse: {
              target: 'PT15M',
              dueAt: '2026-01-05T10:15:00.000Z',
              previousTarget: 'PT1H',
              previousDueAt: '2026-01-05T11:00:00.000Z',
            },
            resolution: {
              target: 'PT4H',
              dueAt: '2026-01-05T14:00:00.000Z',
              previousTarget: 'P1D',
              previousDueAt: '2026-01-06T10:00:00.000Z',
            },
          },
          dropped: [],
        },
      },
    ]);
  });

  it('sets a deadline the new policy has already passed in the past, so the breach fires at once', () => {
    // Prepare
    const step = stepper(urgentFirst);
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    // Act
    const { sla } = step(opened, '2026-01-05T10:40:00.000Z', { priority: 'urgent' });
    // Assess
    expect(sla?.clocks.firstResponse).toMatchObject({
      dueAt: '2026-01-05T10:15:00.000Z',
      warnAt: '2026-01-05T10:12:00.000Z',
    });
  });

  it('moves a paused clock by the working time it has already used', () => {
    // Prepare: two hours used, then waiting on the customer
    const step = stepper(urgentFirst);
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    const paused = step(opened, '2026-01-05T12:00:00.000Z', { status: 'waiting_on_customer' }).case;
    // Act
    const { sla } = step(paused, '2026-01-05T15:00:00.000Z', { priority: 'urgent' });
    // Assess
    expect(sla?.clocks.resolution).toMatchObject({ state: 'paused', target: 'PT4H', remainingMs: 2 * HOUR });
  });

  it('drops the clocks the new policy does not define', () => {
    // Prepare
    const step = stepper(urgentFirst);
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    const answered = step(opened, '2026-01-05T10:10:00.000Z', {
      firstResponseAt: '2026-01-05T10:10:00.000Z',
      lastOutboundAt: '2026-01-05T10:10:00.000Z',
      awaitingResponseSince: undefined,
    }).case;
    const waiting = step(answered, '2026-01-05T10:20:00.000Z', {
      awaitingResponseSince: '2026-01-05T10:20:00.000Z',
    }).case;
    // Act
    const { sla, changes } = step(waiting, '2026-01-05T10:30:00.000Z', { priority: 'urgent' });
    // Assess
    expect(sla?.clocks.nextResponse).toBeUndefined();
    expect(changes[0]?.detail.dropped).toEqual(['nextResponse']);
  });
});
