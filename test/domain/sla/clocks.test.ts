import { describe, expect, it } from 'vitest';
import { reconcileSla } from '../../../functions/domain/sla/clocks.ts';
import { configWith, openCase, standardPolicy, stepper } from './fixtures.ts';

const standard = configWith([standardPolicy]);
const step = stepper(standard);
const MONDAY_10 = '2026-01-05T10:00:00.000Z';

/** Opened Monday 10:00, answered 10:30, the customer writes again at 11:00. */
const followUp = () => {
  const opened = step(undefined, MONDAY_10).case;
  const answered = step(opened, '2026-01-05T10:30:00.000Z', {
    status: 'responded',
    firstResponseAt: '2026-01-05T10:30:00.000Z',
    lastOutboundAt: '2026-01-05T10:30:00.000Z',
    awaitingResponseSince: undefined,
  }).case;
  return step(answered, '2026-01-05T11:00:00.000Z', {
    lastInboundAt: '2026-01-05T11:00:00.000Z',
    awaitingResponseSince: '2026-01-05T11:00:00.000Z',
  });
};

describe('reconcileSla: opening a case', () => {
  it('starts the first-response and resolution clocks at opening, 24x7, warning at 80%', () => {
    // Act
    const { sla, changes } = step(undefined, MONDAY_10);
    // Assess
    expect(sla).toEqual({
      policy: 'standard',
      clocks: {
        firstResponse: {
          name: 'firstResponse',
          state: 'running',
          generation: 1,
          startedAt: MONDAY_10,
          target: 'PT1H',
          dueAt: '2026-01-05T11:00:00.000Z',
          warnAt: '2026-01-05T10:48:00.000Z',
        },
        resolution: {
          name: 'resolution',
          state: 'running',
          generation: 1,
          startedAt: MONDAY_10,
          target: 'P1D',
          dueAt: '2026-01-06T10:00:00.000Z',
          warnAt: '2026-01-06T05:12:00.000Z',
        },
      },
    });
    expect(changes).toEqual([
      {
        type: 'sla.clock_started',
        clock: 'firstResponse',
        detail: {
          policy: 'standard',
          generation: 1,
          startedAt: MONDAY_10,
          target: 'PT1H',
          dueAt: '2026-01-05T11:00:00.000Z',
          warnAt: '2026-01-05T10:48:00.000Z',
        },
      },
      expect.objectContaining({ type: 'sla.clock_started', clock: 'resolution' }),
    ]);
  });

  it('sets no warning when the policy does not warn', () => {
    const { sla } = stepper(configWith([{ name: 'quiet', firstResponse: 'PT1H' }]))(undefined, MONDAY_10);
    expect(sla?.clocks.firstResponse).not.toHaveProperty('warnAt');
    expect(Object.keys(sla?.clocks ?? {})).toEqual(['firstResponse']);
  });

  it('keeps no clocks when no policy matches the case', () => {
    // Prepare
    // Validation now rejects a config without a catch-all policy; the engine must still cope with one.
    const valid = configWith([
      { name: 'vip', match: { priorities: ['urgent'] }, firstResponse: 'PT5M' },
      { name: 'all', firstResponse: 'PT1H' },
    ]);
    const vipOnly = { ...valid, sla: { ...valid.sla, policies: valid.sla.policies.slice(0, 1) } };
    // Act
    const result = reconcileSla({ after: openCase(), now: MONDAY_10, config: vipOnly });
    // Assess
    expect(result).toEqual({ changes: [] });
  });

  it('changes nothing when reconciled twice', () => {
    // Prepare
    const opened = step(undefined, MONDAY_10).case;
    // Act
    const again = reconcileSla({ after: opened, now: '2026-01-05T10:01:00.000Z', config: standard });
    // Assess
    expect(again).toEqual({ sla: opened.sla, changes: [] });
  });
});

describe('reconcileSla: response clocks', () => {
  it('stops first response as met when the brand answers before the deadline', () => {
    // Prepare
    const opened = step(undefined, MONDAY_10).case;
    // Act
    const { sla, changes } = step(opened, '2026-01-05T10:40:00.000Z', {
      status: 'responded',
      firstResponseAt: '2026-01-05T10:40:00.000Z',
      lastOutboundAt: '2026-01-05T10:40:00.000Z',
      awaitingResponseSince: undefined,
    });
    // Assess
    expect(sla?.clocks.firstResponse).toMatchObject({
      state: 'stopped',
      stoppedAt: '2026-01-05T10:40:00.000Z',
      met: true,
    });
    expect(sla?.clocks.resolution?.state).toBe('running');
    expect(sla?.clocks.nextResponse).toBeUndefined();
    expect(changes).toEqual([
      {
        type: 'sla.clock_stopped',
        clock: 'firstResponse',
        detail: {
          generation: 1,
          stoppedAt: '2026-01-05T10:40:00.000Z',
          dueAt: '2026-01-05T11:00:00.000Z',
          met: true,
          reason: 'responded',
        },
      },
    ]);
  });

  it('restarts first response from the customer’s message, not from now, when the answer that stopped it is taken back', () => {
    // Prepare: answered at 10:40, then the send is reported failed at 12:00
    const opened = step(undefined, MONDAY_10).case;
    const answered = step(opened, '2026-01-05T10:40:00.000Z', {
      status: 'responded',
      firstResponseAt: '2026-01-05T10:40:00.000Z',
      lastOutboundAt: '2026-01-05T10:40:00.000Z',
      awaitingResponseSince: undefined,
    }).case;
    const { firstResponseAt: _taken, ...unanswered } = answered;
    // Act
    const { sla } = step(unanswered as typeof answered, '2026-01-05T12:00:00.000Z', {
      status: 'open',
      awaitingResponseSince: MONDAY_10,
    });
    // Assess: generation 2 counts from 10:00, so it is already past its 11:00 deadline
    expect(answered.sla?.clocks.firstResponse?.stopReason).toBe('responded');
    expect(sla?.clocks.firstResponse).toMatchObject({
      state: 'running',
      generation: 2,
      startedAt: MONDAY_10,
      dueAt: '2026-01-05T11:00:00.000Z',
    });
  });

  it('stops first response as missed after its deadline and keeps the breach the timer worker recorded', () => {
    // Prepare
    const opened = step(undefined, MONDAY_10).case;
    const clocks = opened.sla?.clocks ?? {};
    const firstResponse = { ...clocks.firstResponse, breachedAt: '2026-01-05T11:00:02.000Z' };
    const breached = { ...opened, sla: { policy: 'standard', clocks: { ...clocks, firstResponse } } } as typeof opened;
    // Act
    const { sla } = step(breached, '2026-01-05T11:30:00.000Z', {
      firstResponseAt: '2026-01-05T11:30:00.000Z',
      awaitingResponseSince: undefined,
    });
    // Assess
    expect(sla?.clocks.firstResponse).toMatchObject({
      state: 'stopped',
      met: false,
      breachedAt: '2026-01-05T11:00:02.000Z',
    });
  });

  it('starts next response when the customer writes again after the first answer', () => {
    // Act
    const { sla, changes } = followUp();
    // Assess
    expect(sla?.clocks.nextResponse).toEqual({
      name: 'nextResponse',
      state: 'running',
      generation: 1,
      startedAt: '2026-01-05T11:00:00.000Z',
      target: 'PT2H',
      dueAt: '2026-01-05T13:00:00.000Z',
      warnAt: '2026-01-05T12:36:00.000Z',
    });
    expect(changes.map((change) => [change.type, change.clock])).toEqual([['sla.clock_started', 'nextResponse']]);
  });

  it('does not restart next response while the same message waits', () => {
    // Prepare
    const waiting = followUp().case;
    // Act: another customer message; the oldest unanswered one is unchanged
    const { sla, changes } = step(waiting, '2026-01-05T11:10:00.000Z', { lastInboundAt: '2026-01-05T11:10:00.000Z' });
    // Assess
    expect(changes).toEqual([]);
    expect(sla?.clocks.nextResponse).toEqual(waiting.sla?.clocks.nextResponse);
  });

  it('stops next response at the reply and starts a new generation for the next wait', () => {
    // Prepare
    const waiting = followUp().case;
    // Act
    const answered = step(waiting, '2026-01-05T12:00:00.000Z', {
      lastOutboundAt: '2026-01-05T12:00:00.000Z',
      awaitingResponseSince: undefined,
    });
    const again = step(answered.case, '2026-01-05T15:00:00.000Z', {
      lastInboundAt: '2026-01-05T15:00:00.000Z',
      awaitingResponseSince: '2026-01-05T15:00:00.000Z',
    });
    // Assess
    expect(answered.sla?.clocks.nextResponse).toMatchObject({
      state: 'stopped',
      stoppedAt: '2026-01-05T12:00:00.000Z',
      met: true,
    });
    expect(answered.changes).toEqual([
      expect.objectContaining({
        type: 'sla.clock_stopped',
        clock: 'nextResponse',
        detail: expect.objectContaining({ reason: 'answered' }),
      }),
    ]);
    expect(again.sla?.clocks.nextResponse).toMatchObject({
      state: 'running',
      generation: 2,
      startedAt: '2026-01-05T15:00:00.000Z',
      dueAt: '2026-01-05T17:00:00.000Z',
    });
  });
});
