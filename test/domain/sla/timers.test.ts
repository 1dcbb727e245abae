import { describe, expect, it } from 'vitest';
import type { Case } from '../../../functions/domain/case.ts';
import { breachTimer, dueTimers, isTimerCurrent } from '../../../functions/domain/sla/timers.ts';
import type { CaseSla, ClockState, Timer } from '../../../functions/domain/sla/types.ts';
import { configWith, openCase, standardPolicy, stepper } from './fixtures.ts';

const firstResponse: ClockState = {
  name: 'firstResponse',
  state: 'running',
  generation: 1,
  startedAt: '2026-01-05T10:00:00.000Z',
  target: 'PT1H',
  dueAt: '2026-01-05T11:00:00.000Z',
  warnAt: '2026-01-05T10:48:00.000Z',
};
const resolution: ClockState = {
  name: 'resolution',
  state: 'running',
  generation: 2,
  startedAt: '2026-01-06T10:00:00.000Z',
  target: 'P1D',
  dueAt: '2026-01-07T10:00:00.000Z',
  warnAt: '2026-01-07T05:12:00.000Z',
  warnedAt: '2026-01-07T05:12:01.000Z',
};
const nextResponse: ClockState = {
  name: 'nextResponse',
  state: 'paused',
  generation: 1,
  startedAt: '2026-01-05T11:00:00.000Z',
  target: 'PT2H',
  pausedAt: '2026-01-05T11:30:00.000Z',
  remainingMs: 5_400_000,
};
const sla: CaseSla = { policy: 'standard', clocks: { firstResponse, resolution, nextResponse } };
const withClocks = (clocks: CaseSla['clocks']): Case => openCase({ sla: { policy: 'standard', clocks } });

describe('dueTimers', () => {
  it("asks for each running clock's next deadline: its warning while that is to come, else its breach", () => {
    // Act
    const timers = dueTimers('C1', sla);
    // Assess
    expect(timers).toEqual([
      {
        caseId: 'C1',
        key: 'firstResponse:1:warning:2026-01-05T10:48:00.000Z',
        kind: 'warning',
        clock: 'firstResponse',
        generation: 1,
        dueAt: '2026-01-05T10:48:00.000Z',
      },
      {
        caseId: 'C1',
        key: 'resolution:2:breach:2026-01-07T10:00:00.000Z',
        kind: 'breach',
        clock: 'resolution',
        generation: 2,
        dueAt: '2026-01-07T10:00:00.000Z',
      },
    ]);
  });

  it('asks for the breach once the warning fired, and for both when the warning is set at or after the breach', () => {
    const warned = { ...firstResponse, warnedAt: '2026-01-05T10:48:01.000Z' };
    const late = { ...firstResponse, warnAt: firstResponse.dueAt };
    const keys = (clock: ClockState) =>
      dueTimers('C1', { policy: 'standard', clocks: { firstResponse: clock } }).map((t) => t.key);
    expect(keys(warned)).toEqual(['firstResponse:1:breach:2026-01-05T11:00:00.000Z']);
    expect(keys(late)).toEqual([
      'firstResponse:1:warning:2026-01-05T11:00:00.000Z',
      'firstResponse:1:breach:2026-01-05T11:00:00.000Z',
    ]);
  });

  it('asks for nothing once a clock has breached or stopped', () => {
    const breached = { ...firstResponse, warnedAt: '2026-01-05T10:48:00.000Z', breachedAt: '2026-01-05T11:00:00.000Z' };
    const stopped = { ...resolution, state: 'stopped' as const, stoppedAt: '2026-01-06T12:00:00.000Z', met: true };
    expect(dueTimers('C1', { policy: 'standard', clocks: { firstResponse: breached, resolution: stopped } })).toEqual(
      [],
    );
  });
});

describe('isTimerCurrent', () => {
  const [warning, resolutionBreach] = dueTimers('C1', sla) as [Timer, Timer];
  const breach = breachTimer('C1', firstResponse) as Timer;

  it('holds for the timers the clocks ask for', () => {
    const theCase = withClocks(sla.clocks);
    expect([warning, breach, resolutionBreach].map((timer) => isTimerCurrent(timer, theCase))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('is stale from an older generation', () => {
    expect(isTimerCurrent({ ...resolutionBreach, generation: 1 }, withClocks(sla.clocks))).toBe(false);
  });

  it('is stale while the clock is paused or after it stopped', () => {
    // Prepare
    const timer: Timer = {
      ...breach,
      clock: 'nextResponse',
      key: 'nextResponse:1:breach:x',
      dueAt: '2026-01-05T13:00:00.000Z',
    };
    const stopped = { ...firstResponse, state: 'stopped' as const, stoppedAt: '2026-01-05T10:30:00.000Z', met: true };
    // Act / Assess
    expect(isTimerCurrent(timer, withClocks(sla.clocks))).toBe(false);
    expect(isTimerCurrent(breach, withClocks({ firstResponse: stopped }))).toBe(false);
    expect(isTimerCurrent(breach, openCase())).toBe(false);
  });

  it('is stale once the deadline moved', () => {
    const moved = { ...firstResponse, dueAt: '2026-01-05T10:15:00.000Z', warnAt: '2026-01-05T10:12:00.000Z' };
    expect(isTimerCurrent(breach, withClocks({ firstResponse: moved }))).toBe(false);
    expect(isTimerCurrent(warning, withClocks({ firstResponse: moved }))).toBe(false);
  });

  it('is stale once the worker recorded the warning or the breach', () => {
    const warned = { ...firstResponse, warnedAt: '2026-01-05T10:48:00.000Z' };
    const breached = { ...warned, breachedAt: '2026-01-05T11:00:00.000Z' };
    expect(isTimerCurrent(warning, withClocks({ firstResponse: warned }))).toBe(false);
    expect(isTimerCurrent(breach, withClocks({ firstResponse: warned }))).toBe(true);
    expect(isTimerCurrent(breach, withClocks({ firstResponse: breached }))).toBe(false);
  });

  it('leaves escalation timers to the escalation rules', () => {
    const escalation: Timer = { ...breach, kind: 'escalation', key: 'escalation', level: 1, round: 0 };
    expect(() => isTimerCurrent(escalation, withClocks(sla.clocks))).toThrow(TypeError);
  });

  it('replaces the breach timer of a clock that paused and resumed with one at the new deadline', () => {
    // Prepare
    const step = stepper(configWith([standardPolicy]));
    const opened = step(undefined, '2026-01-05T10:00:00.000Z').case;
    const before = breachTimer('C1', (opened.sla as CaseSla).clocks.resolution as ClockState);
    const paused = step(opened, '2026-01-05T12:00:00.000Z', { status: 'waiting_on_customer' }).case;
    // Act
    const resumed = step(paused, '2026-01-05T15:00:00.000Z', { status: 'open' }).case;
    const after = breachTimer('C1', (resumed.sla as CaseSla).clocks.resolution as ClockState);
    // Assess
    expect(before?.key).toBe('resolution:1:breach:2026-01-06T10:00:00.000Z');
    expect(after?.key).toBe('resolution:1:breach:2026-01-06T13:00:00.000Z');
    expect(isTimerCurrent(before as Timer, paused)).toBe(false);
    expect(isTimerCurrent(before as Timer, resumed)).toBe(false);
    expect(isTimerCurrent(after as Timer, resumed)).toBe(true);
  });
});
