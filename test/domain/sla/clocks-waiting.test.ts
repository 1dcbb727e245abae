import { describe, expect, it } from 'vitest';
import { configWith, officePolicy, standardPolicy, stepper } from './fixtures.ts';

const HOUR = 3_600_000;
/** London office hours, `sundown` resolution, warning at half time. */
const office = configWith([officePolicy]);

describe('reconcileSla: waiting on the customer', () => {
  it('pauses with the working time left and resumes with the same amount, in business hours', () => {
    // Prepare: opened Friday 09:00 and answered; resolution is due at 17:00
    const step = stepper(office);
    const opened = step(undefined, '2026-01-09T09:00:00.000Z').case;
    const answered = step(opened, '2026-01-09T09:30:00.000Z', {
      status: 'responded',
      firstResponseAt: '2026-01-09T09:30:00.000Z',
      lastOutboundAt: '2026-01-09T09:30:00.000Z',
      awaitingResponseSince: undefined,
    }).case;
    // Act: waiting on the customer from 15:00 Friday; the customer answers on Saturday
    const paused = step(answered, '2026-01-09T15:00:00.000Z', { status: 'waiting_on_customer' });
    const resumed = step(paused.case, '2026-01-10T12:00:00.000Z', {
      status: 'responded',
      awaitingResponseSince: '2026-01-10T12:00:00.000Z',
    });
    // Assess
    expect(paused.sla?.clocks.resolution).toEqual({
      name: 'resolution',
      state: 'paused',
      generation: 1,
      startedAt: '2026-01-09T09:00:00.000Z',
      target: 'sundown',
      pausedAt: '2026-01-09T15:00:00.000Z',
      remainingMs: 2 * HOUR,
    });
    expect(paused.changes).toEqual([
      {
        type: 'sla.clock_paused',
        clock: 'resolution',
        detail: { generation: 1, pausedAt: '2026-01-09T15:00:00.000Z', remainingMs: 2 * HOUR },
      },
    ]);
    expect(resumed.sla?.clocks.resolution).toMatchObject({
      state: 'running',
      generation: 1,
      dueAt: '2026-01-12T11:00:00.000Z',
    });
    expect(resumed.sla?.clocks.resolution).not.toHaveProperty('remainingMs');
    expect(resumed.sla?.clocks.nextResponse).toMatchObject({ generation: 1, dueAt: '2026-01-12T13:00:00.000Z' });
    expect(resumed.changes).toContainEqual({
      type: 'sla.clock_resumed',
      clock: 'resolution',
      detail: {
        generation: 1,
        resumedAt: '2026-01-10T12:00:00.000Z',
        remainingMs: 2 * HOUR,
        dueAt: '2026-01-12T11:00:00.000Z',
        // Half the business day had passed before the pause: the warning is due at once.
        warnAt: '2026-01-10T12:00:00.000Z',
      },
    });
  });

  it('pauses only the clocks the policy lists', () => {
    // Prepare
    const step = stepper(configWith([standardPolicy]));
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    // Act
    const { sla } = step(opened, '2026-01-05T10:20:00.000Z', { status: 'waiting_on_customer' });
    // Assess
    expect(sla?.clocks.firstResponse?.state).toBe('running');
    expect(sla?.clocks.resolution).toMatchObject({ state: 'paused', remainingMs: 24 * HOUR - 20 * 60_000 });
  });

  it('stops a paused clock as met when the case is resolved with time left', () => {
    // Prepare
    const step = stepper(configWith([standardPolicy]));
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    const paused = step(opened, '2026-01-05T10:20:00.000Z', { status: 'waiting_on_customer' }).case;
    // Act
    const { sla } = step(paused, '2026-01-20T10:00:00.000Z', {
      status: 'resolved',
      resolvedAt: '2026-01-20T10:00:00.000Z',
    });
    // Assess
    expect(sla?.clocks.resolution).toMatchObject({ state: 'stopped', met: true, remainingMs: 24 * HOUR - 20 * 60_000 });
  });
});
