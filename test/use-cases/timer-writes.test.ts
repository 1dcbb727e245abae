/**
 * What a case write puts in the due-time index: only the deadlines its case did not hold before,
 * and still every deadline reaches the timer queue at its time. In-memory adapters, fixed clock.
 */
import { describe, expect, it } from 'vitest';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { fireTimer } from '../../functions/use-cases/fire-timer.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { customerMessage, sweepEachMinuteThrough, type TriageHarness, triageHarness } from './triage-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe('deadlines written by case writes', () => {
  it('puts none the case already held when the customer writes again, and its breach is still queued once at its time', async () => {
    // Prepare: every timer the writes put is recorded.
    const harness = await triageHarness(triageConfig(), T0);
    const written = recordPuts(harness);
    const opened = await ingestInboundEvent(customerMessage('again', T0, 'hello?'), harness.deps);
    harness.clock.set(at(1));

    // Act
    const followUp = await ingestInboundEvent(
      customerMessage('again', at(1), 'anyone there?', {
        eventId: 'event-again-2',
        platformMessageId: 'message-again-2',
      }),
      harness.deps,
    );
    const theCase = await harness.deps.store.getCase(opened.caseId ?? '');
    const dueAt = theCase?.sla?.clocks.firstResponse?.dueAt ?? '';
    const sent = await sweepEachMinuteThrough(harness, T0, dueAt);

    // Assess
    expect(followUp).toMatchObject({ outcome: 'applied', caseId: opened.caseId });
    const [atOpening = [], atFollowUp = []] = written;
    const keyOf = (timer: Timer) => `${timer.dueAt}#${timer.key}`;
    expect(atOpening.map(keyOf)).toContain(`${dueAt}#firstResponse:1:breach:${dueAt}`);
    expect(atFollowUp.filter((timer) => atOpening.map(keyOf).includes(keyOf(timer)))).toEqual([]);
    expect(sent.filter((t) => t.kind === 'breach' && t.clock === 'firstResponse').map((t) => t.dueAt)).toEqual([dueAt]);
  });

  it("puts a clock's warning only, and the warning's firing puts its breach, which is queued once at its time", async () => {
    // Prepare: a policy that warns halfway to a two-hour first response; every put is recorded.
    const config = triageConfig({
      sla: {
        sundownCalendar: 'london-office',
        policies: [{ name: 'standard', firstResponse: 'PT2H', warnAt: 0.5, escalation: 'social' }],
      },
    });
    const harness = await triageHarness(config, T0);
    const written = recordPuts(harness);
    const opened = await ingestInboundEvent(customerMessage('warned', T0, 'hello?'), harness.deps);
    const clock = (await harness.deps.store.getCase(opened.caseId ?? ''))?.sla?.clocks.firstResponse;
    const warnAt = clock?.warnAt ?? '';
    const dueAt = clock?.dueAt ?? '';
    const atOpening = written.flat().map((timer) => timer.key);

    // Act: sweep minute by minute to the deadline, firing what the sweeper queues
    const sent = await sweepEachMinuteThrough(harness, T0, dueAt, (timers) => fireAll(harness, timers));

    // Assess
    expect(warnAt < dueAt).toBe(true);
    expect(atOpening.filter((key) => key.startsWith('firstResponse:'))).toEqual([`firstResponse:1:warning:${warnAt}`]);
    const firstResponse = sent.filter((t) => t.clock === 'firstResponse').map((t) => `${t.kind}@${t.dueAt}`);
    expect(firstResponse).toEqual([`warning@${warnAt}`, `breach@${dueAt}`]);
    const breached = await harness.deps.store.getCase(opened.caseId ?? '');
    expect(breached?.sla?.clocks.firstResponse).toMatchObject({ warnedAt: expect.any(String), breachedAt: dueAt });
  });
});

/** Records every batch of timers a write puts in the in-memory due-time index. */
const recordPuts = (harness: TriageHarness): Timer[][] => {
  const index = harness.memory.timerIndex;
  const put = index.put.bind(index);
  const written: Timer[][] = [];
  index.put = (timers) => {
    written.push([...timers]);
    put(timers);
  };
  return written;
};

const fireAll = async (harness: TriageHarness, timers: readonly Timer[]): Promise<void> => {
  for (const timer of timers) await fireTimer(timer, { ...harness.deps, claims: harness.memory.claims });
};
