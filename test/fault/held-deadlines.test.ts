/**
 * A case write puts only the deadlines its case did not hold before. Whatever order messages,
 * a raised priority, a resolution and a reopen arrive in, every deadline the case holds after
 * each write must be in the due-time index, or its escalation is lost. In-memory adapters.
 */
import { describe, expect, it } from 'vitest';
import { dueTimers } from '../../functions/domain/sla/index.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { resolveCase } from '../../functions/use-cases/case-actions.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { customerMessage, type TriageHarness, triageHarness } from './../use-cases/triage-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const keyOf = (timer: Timer) => `${timer.dueAt}#${timer.key}`;

/** The index's live keys, followed through every put and cancel. */
const indexedKeys = (harness: TriageHarness): Set<string> => {
  const live = new Set<string>();
  const index = harness.memory.timerIndex;
  const put = index.put.bind(index);
  const cancel = index.cancel.bind(index);
  index.put = (timers) => {
    for (const timer of timers) live.add(keyOf(timer));
    put(timers);
  };
  index.cancel = async (timers) => {
    for (const timer of timers) live.delete(keyOf(timer));
    await cancel(timers);
  };
  return live;
};

const missing = async (harness: TriageHarness, caseId: string, live: Set<string>) => {
  const theCase = await harness.deps.store.getCase(caseId);
  return theCase?.sla
    ? dueTimers(caseId, theCase.sla)
        .map(keyOf)
        .filter((key) => !live.has(key))
    : [];
};

const message = (n: number, minute: number, text: string) =>
  customerMessage('held', at(minute), text, { eventId: `event-held-${n}`, platformMessageId: `message-held-${n}` });

describe('deadlines a case holds after each write', () => {
  it('are all in the index after a follow-up, a priority raised by a keyword, a resolution and a reopen', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    const live = indexedKeys(harness);
    const opened = await ingestInboundEvent(message(1, 0, 'hello, my order is late'), harness.deps);
    const caseId = opened.outcome === 'applied' ? opened.caseId : '';
    const gaps: Record<string, string[]> = { opened: await missing(harness, caseId, live) };

    // Act
    harness.clock.set(at(1));
    await ingestInboundEvent(message(2, 1, 'anyone there?'), harness.deps);
    gaps.followUp = await missing(harness, caseId, live);
    harness.clock.set(at(2));
    await ingestInboundEvent(message(3, 2, 'I will talk to my lawyer'), harness.deps);
    gaps.raised = await missing(harness, caseId, live);
    harness.clock.set(at(3));
    await resolveCase(caseId, { who: 'agent', via: 'api' }, harness.deps);
    gaps.resolved = await missing(harness, caseId, live);
    harness.clock.set(at(4));
    await ingestInboundEvent(message(4, 4, 'still not here'), harness.deps);
    gaps.reopened = await missing(harness, caseId, live);

    // Assess
    const reopened = await harness.deps.store.getCase(caseId);
    expect(reopened).toMatchObject({ status: 'open', priority: 'urgent' });
    expect(reopened?.sla && dueTimers(caseId, reopened.sla).length).toBeGreaterThan(0);
    expect(gaps).toEqual({ opened: [], followUp: [], raised: [], resolved: [], reopened: [] });
  });
});
