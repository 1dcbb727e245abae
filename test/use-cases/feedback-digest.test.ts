/**
 * Feedback digests from the sweeper's tick, on the in-memory adapters with a fixed clock: one digest per
 * department per period, listing every case tagged in it, sent once however often the tick runs.
 */
import { describe, expect, it } from 'vitest';
import type { FeedbackItem } from '../../functions/ports.ts';
import { flushFeedbackDigests } from '../../functions/use-cases/feedback-digest.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { triageHarness } from './triage-support.ts';

const config = triageConfig({
  departments: { baggage: { notify: ['baggage-desk'] }, finance: { notify: ['comms', 'social-team'] } },
  topics: {
    baggage: { keywords: ['lost bag'], department: 'baggage' },
    refunds: { keywords: ['refund'], department: 'finance' },
  },
});

const item = (department: string, topic: string, caseId: string, at: string): FeedbackItem => ({
  department,
  topic,
  caseId,
  at,
  channel: 'x',
  subject: `subject of ${caseId}`,
});

describe('feedback digests', () => {
  it('sends one digest per department and target per period, listing its cases, and nothing twice', async () => {
    // Prepare
    const harness = await triageHarness(config, '2026-03-02T10:30:00.000Z');
    const deps = { ...harness.deps, alertQueue: harness.alerts };
    await harness.deps.feedback.add([
      item('baggage', 'baggage', 'c1', '2026-03-02T10:05:00.000Z'),
      item('baggage', 'baggage', 'c2', '2026-03-02T10:20:00.000Z'),
      item('finance', 'refunds', 'c3', '2026-03-02T10:40:00.000Z'),
      item('baggage', 'baggage', 'c4', '2026-03-02T11:10:00.000Z'),
    ]);
    // Act
    const mid = await flushFeedbackDigests(deps);
    harness.clock.set('2026-03-02T11:00:30.000Z');
    const atHour = await flushFeedbackDigests(deps);
    harness.clock.set('2026-03-02T11:15:00.000Z');
    const again = await flushFeedbackDigests(deps);
    // Assess
    expect(mid).toEqual({ digests: 0, items: 0 });
    expect(atHour).toEqual({ digests: 2, items: 3 });
    expect(again).toEqual({ digests: 0, items: 0 });
    const byTarget = harness.alerts.notices.map((n) => [n.target, n.kind, n.payload.department]);
    expect(byTarget).toEqual([
      ['baggage-desk', 'feedback_digest', 'baggage'],
      ['comms', 'feedback_digest', 'finance'],
      ['social-team', 'feedback_digest', 'finance'],
    ]);
    const [baggage] = harness.alerts.notices;
    if (!baggage) throw new Error('no digest');
    expect((baggage.payload.items as FeedbackItem[]).map((i) => i.caseId)).toEqual(['c1', 'c2']);
    expect(baggage.text).toContain('subject of c2');
  });

  it('sends the next period its own digest with only the newer items', async () => {
    // Prepare
    const harness = await triageHarness(config, '2026-03-02T11:00:30.000Z');
    const deps = { ...harness.deps, alertQueue: harness.alerts };
    await harness.deps.feedback.add([item('baggage', 'baggage', 'old', '2026-03-02T10:05:00.000Z')]);
    await flushFeedbackDigests(deps);
    await harness.deps.feedback.add([item('baggage', 'baggage', 'new', '2026-03-02T11:30:00.000Z')]);
    // Act
    harness.clock.set('2026-03-02T12:00:10.000Z');
    await flushFeedbackDigests(deps);
    // Assess
    const listed = harness.alerts.notices.map((n) => (n.payload.items as FeedbackItem[]).map((i) => i.caseId));
    expect(listed).toEqual([['old'], ['new']]);
    expect(new Set(harness.alerts.notices.map((n) => n.noticeId)).size).toBe(2);
  });

  it('moves the cursor once when two sweepers flush the same period at the same time', async () => {
    // Prepare
    const harness = await triageHarness(config, '2026-03-02T11:00:30.000Z');
    const deps = { ...harness.deps, alertQueue: harness.alerts };
    await harness.deps.feedback.add([item('baggage', 'baggage', 'c1', '2026-03-02T10:05:00.000Z')]);
    // Act
    const results = await Promise.all([flushFeedbackDigests(deps), flushFeedbackDigests(deps)]);
    // Assess: a duplicate send carries the same notice id, which the alert worker delivers once
    expect(results.reduce((sum, r) => sum + r.digests, 0)).toBe(1);
    expect(new Set(harness.alerts.notices.map((n) => `${n.target}:${n.noticeId}`)).size).toBe(1);
  });
});
