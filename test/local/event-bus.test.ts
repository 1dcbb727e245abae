import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { RecordingEventBus } from '../../local/event-bus.ts';

const event = (n: number) => ({ type: 'CaseOpened', caseId: `CASE${n}` }) as unknown as DomainEvent;

describe('RecordingEventBus', () => {
  it('reports every event and keeps the latest `limit`, oldest first, however many were published', async () => {
    // Prepare
    const reported: string[] = [];
    const bus = new RecordingEventBus({ limit: 3, report: (e) => reported.push(e.caseId) });

    // Act: one at a time, past twice the limit, then a batch
    for (let n = 0; n < 8; n++) await bus.publish([event(n)]);
    const afterSingles = bus.events.map((e) => e.caseId);
    await bus.publish([event(8), event(9)]);

    // Assess
    expect(reported).toHaveLength(10);
    expect(afterSingles).toEqual(['CASE5', 'CASE6', 'CASE7']);
    expect(bus.events.map((e) => e.caseId)).toEqual(['CASE7', 'CASE8', 'CASE9']);
  });
});
