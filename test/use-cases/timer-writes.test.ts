/**
 * What a case write puts in the due-time index: only the deadlines its case did not hold before,
 * and still every deadline reaches the timer queue at its time. In-memory adapters, fixed clock.
 */
import { describe, expect, it } from 'vitest';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { customerMessage, sweepEachMinuteThrough, triageHarness } from './triage-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe('deadlines written by case writes', () => {
  it('puts none the case already held when the customer writes again, and its breach is still queued once at its time', async () => {
    // Prepare: every timer the writes put is recorded.
    const harness = await triageHarness(triageConfig(), T0);
    const index = harness.memory.timerIndex;
    const put = index.put.bind(index);
    const written: Timer[][] = [];
    index.put = (timers) => {
      written.push([...timers]);
      put(timers);
    };
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
});
