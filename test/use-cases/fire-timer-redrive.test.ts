/**
 * A fired timer keeps its domain events on its marker and publishes them after the write. When
 * no attempt of the timer message gets them out, SQS parks it on the DLQ, and `sundown dlq
 * redrive` sends it back as a new message whose receive count starts again at 1: the events
 * must still go out then. In-memory adapters, fixed clock.
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../functions/domain/case.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import type { EventPublisher, Outbox } from '../../functions/ports.ts';
import { fireTimer } from '../../functions/use-cases/fire-timer.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { dueBreach, openedCase, type TriageHarness, triageHarness } from './triage-support.ts';

/** Tuesday 3 March 2026, 10:00 in London: business hours, so nothing is held back. */
const T0 = '2026-03-03T10:00:00.000Z';
/** The timer queue's visibility timeout and maxReceiveCount (lib/stacks/stateful-stack.ts). */
const VISIBILITY_MS = 180_000;
const MAX_RECEIVES = 5;

const openCase = (harness: TriageHarness, id: string): Promise<Case> =>
  openedCase(harness, id, T0, 'Where is my refund?');

/** A bus and an outbox that refuse everything, as in an outage of both (or a worker that dies first). */
const outage = (harness: TriageHarness) => {
  const refused: string[] = [];
  const publisher: EventPublisher = {
    publish: async (events: readonly DomainEvent[]) => {
      refused.push(...events.map((e) => e.id));
      throw new Error('EventBridge is down');
    },
  };
  const memoryOutbox = harness.memory.outbox;
  const outbox: Outbox = {
    add: async () => {
      throw new Error('DynamoDB is down');
    },
    pending: memoryOutbox.pending.bind(memoryOutbox),
    done: memoryOutbox.done.bind(memoryOutbox),
  };
  return { publisher, outbox, refused };
};

describe("a fired timer's events when its message goes to the DLQ and back", () => {
  it('publishes the events its write kept when the timer is redriven at receive count 1', async () => {
    // Prepare: the breach fires while neither the bus nor the outbox takes its events.
    const harness = await triageHarness(triageConfig(), T0);
    const timer = dueBreach(await openCase(harness, 'redriven'));
    harness.clock.set(timer.dueAt);
    const down = outage(harness);
    const firing = { ...harness.deps, claims: harness.memory.claims };
    const failing = { ...firing, publisher: down.publisher, outbox: down.outbox };

    // Act: every receive fails, each a visibility timeout after the last; then the redrive.
    const failures: string[] = [];
    for (let receive = 1; receive <= MAX_RECEIVES; receive++) {
      failures.push(await fireTimer(timer, failing, receive).then(String, (e: Error) => e.message));
      harness.clock.set(new Date(harness.clock.now().getTime() + VISIBILITY_MS).toISOString());
    }
    const redriven = await fireTimer(timer, firing, 1);

    // Assess: what the write kept reaches the bus, under the same ids.
    expect(failures).toEqual(Array(MAX_RECEIVES).fill('DynamoDB is down'));
    expect(redriven).toEqual({ outcome: 'replayed', alerts: 2 });
    const published = harness.bus.events.filter((e) => e.type === 'SlaBreached' || e.type === 'CaseEscalated');
    expect(published.map((e) => e.type).sort()).toEqual(['CaseEscalated', 'SlaBreached']);
    expect(down.refused).toEqual(expect.arrayContaining(published.map((e) => e.id)));
  });

  it('still publishes nothing more for a copy of the timer that arrives beside the one that fired it', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    const timer = dueBreach(await openCase(harness, 'copied'));
    harness.clock.set(timer.dueAt);
    const firing = { ...harness.deps, claims: harness.memory.claims };

    // Act: the copy comes a few seconds after the timer fired.
    await fireTimer(timer, firing, 1);
    harness.clock.set(new Date(Date.parse(timer.dueAt) + 5_000).toISOString());
    const copy = await fireTimer(timer, firing, 1);

    // Assess
    expect(copy).toEqual({ outcome: 'replayed', alerts: 2 });
    expect(harness.bus.events.filter((e) => e.type === 'SlaBreached')).toHaveLength(1);
  });
});
