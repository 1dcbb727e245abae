/**
 * Surges through the intake use case on the in-memory adapters with a fixed clock: many negative new
 * cases on one topic give one grouped alert and one SurgeDetected event, concurrent workers
 * included, while every case keeps its own SLA.
 */
import { describe, expect, it } from 'vitest';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { customerMessage, type TriageHarness, triageHarness } from './triage-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

/** `count` angry posts about lost bags, each its own conversation, `workers` at a time. */
const angryPosts = async (harness: TriageHarness, prefix: string, count: number, workers = 1) => {
  const events = Array.from({ length: count }, (_, i) =>
    customerMessage(`${prefix}-${i}`, harness.clock.now().toISOString(), `my bag is lost, terrible service ${i}`),
  );
  const caseIds: string[] = [];
  for (let i = 0; i < events.length; i += workers) {
    const outcomes = await Promise.all(events.slice(i, i + workers).map((e) => ingestInboundEvent(e, harness.deps)));
    for (const outcome of outcomes) if (outcome.caseId) caseIds.push(outcome.caseId);
  }
  return caseIds;
};

describe('surge detection', () => {
  it('raises nothing below the threshold', async () => {
    const harness = await triageHarness(triageConfig(), T0);
    await angryPosts(harness, 'few', 24);
    expect(harness.alerts.notices).toEqual([]);
    expect(harness.bus.events.filter((e) => e.type === 'SurgeDetected')).toEqual([]);
  });

  it('gives 200 negative posts on one topic exactly one surge alert, with every case keeping its SLA', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    // Act
    const caseIds = await angryPosts(harness, 'surge', 200, 10);
    // Assess
    expect(harness.alerts.notices).toHaveLength(1);
    expect(harness.alerts.notices[0]).toMatchObject({
      target: 'comms',
      kind: 'surge',
      payload: { surge: 'topic', key: 'baggage', threshold: 25, window: 'PT10M' },
    });
    expect(harness.bus.events.filter((e) => e.type === 'SurgeDetected')).toHaveLength(1);
    expect(new Set(caseIds).size).toBe(200);
    const cases = await Promise.all(caseIds.map((id) => harness.deps.store.getCase(id)));
    expect(cases.filter((c) => c?.sla?.clocks.firstResponse?.state === 'running')).toHaveLength(200);
  }, 120_000);

  it('raises a new alert for a second surge after the first one died down', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    await angryPosts(harness, 'first', 25);
    // Act: a quiet window passes, then another 25
    harness.clock.set(at(21 * 60));
    await angryPosts(harness, 'second', 25);
    // Assess
    expect(harness.alerts.notices.map((n) => n.payload.raisedAt)).toEqual([T0, at(21 * 60)]);
  }, 60_000);

  it('raises the surge with the next post when the alert of the post that crossed the threshold could not be queued', async () => {
    // Prepare: the alert queue refuses the first surge notice
    const harness = await triageHarness(triageConfig(), T0);
    await angryPosts(harness, 'before', 24);
    const { alertQueue } = harness.deps;
    let refusals = 0;
    const flaky = {
      ...harness,
      deps: {
        ...harness.deps,
        alertQueue: {
          send: alertQueue.send.bind(alertQueue),
          sendNotices: async (notices: Parameters<typeof alertQueue.sendNotices>[0]) => {
            if (refusals++ === 0) throw new Error('SQS unavailable');
            await alertQueue.sendNotices(notices);
          },
        },
      },
    };
    // Act
    await expect(angryPosts(flaky, 'crossing', 1)).rejects.toThrow('SQS unavailable');
    await angryPosts(flaky, 'after', 3);
    // Assess
    expect(harness.alerts.notices).toHaveLength(1);
    expect(harness.alerts.notices[0]?.payload.count).toBe(26);
  }, 60_000);

  it('keeps one surge open while posts keep coming past the first window', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    await angryPosts(harness, 'long-1', 25);
    // Act: every 5 minutes another batch, for 20 minutes
    for (const minute of [5, 10, 15, 20]) {
      harness.clock.set(at(minute * 60));
      await angryPosts(harness, `long-${minute}`, 10);
    }
    // Assess
    expect(harness.alerts.notices).toHaveLength(1);
  }, 60_000);
});
