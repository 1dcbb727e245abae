/**
 * A case answered before its deadline leaves nothing in the due-time index for the sweeper to
 * queue: intake on DynamoDB Local with a fixed clock, then the sweeper at the deadline.
 */
import { describe, expect, it } from 'vitest';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { customerMessage, sweepEachMinuteThrough, triageHarness } from './triage-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe('timers of answered cases', () => {
  it('are not queued by the sweeper once the brand has answered', async () => {
    // Prepare: two customers write; the brand answers one of them a minute later.
    const harness = await triageHarness(triageConfig(), T0);
    const answered = await ingestInboundEvent(customerMessage('answered', T0, 'hello?'), harness.deps);
    const waiting = await ingestInboundEvent(customerMessage('waiting', T0, 'hello?'), harness.deps);
    const reply = customerMessage('answered', at(1), 'Sorry, on it', {
      eventId: 'event-reply',
      platformMessageId: 'message-reply',
      direction: 'outbound',
      author: { id: 'brand', name: 'Brand' },
    });
    harness.clock.set(at(1));
    await ingestInboundEvent(reply, harness.deps);
    const answeredCase = await harness.deps.store.getCase(answered.caseId ?? '');
    const waitingCase = await harness.deps.store.getCase(waiting.caseId ?? '');
    const dueAt = waitingCase?.sla?.clocks.firstResponse?.dueAt ?? '';

    // Act: the sweeper runs at each minute up to the deadline.
    const sent = await sweepEachMinuteThrough(harness, T0, dueAt);

    // Assess
    expect(answeredCase?.sla?.clocks.firstResponse?.state).toBe('stopped');
    expect(dueAt > at(2)).toBe(true);
    expect(sent.filter((t) => t.caseId === answered.caseId)).toEqual([]);
    expect(sent.filter((t) => t.caseId === waiting.caseId && t.kind === 'breach').map((t) => t.dueAt)).toEqual([dueAt]);
  });
});
