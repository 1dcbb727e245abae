/**
 * Triage through the intake use case on the in-memory adapters, with a fixed clock: priority rules and
 * the SLA they select, sentiment over time, topics queued as feedback, repeat contact across
 * channels and troll suppression.
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../functions/domain/case.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { customerMessage, type TriageHarness, triageHarness } from './triage-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const ingest = async (harness: TriageHarness, event: ReturnType<typeof customerMessage>): Promise<Case> => {
  harness.clock.set(event.receivedAt);
  const outcome = await ingestInboundEvent(event, harness.deps);
  if (outcome.outcome !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(outcome)}`);
  const stored = await harness.deps.store.getCase(outcome.caseId);
  if (!stored) throw new Error('case not stored');
  return stored;
};

const minutesToFirstResponse = (theCase: Case) =>
  (Date.parse(theCase.sla?.clocks.firstResponse?.dueAt ?? '') - Date.parse(theCase.openedAt)) / 60_000;

describe('triage at intake', () => {
  it('raises a big account to high priority and gives it the tighter SLA; a small account keeps the default', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    const big = customerMessage('big', at(0), 'where is my booking', { author: { id: 'big', followers: 250_000 } });
    const small = customerMessage('small', at(0), 'where is my booking', { author: { id: 'small', followers: 80 } });
    // Act
    const bigCase = await ingest(harness, big);
    const smallCase = await ingest(harness, small);
    // Assess
    expect(bigCase.priority).toBe('high');
    expect(bigCase.triage).toEqual({
      priority: 'high',
      reasons: ['reach: 250000 followers >= 10000'],
      decidedAt: at(0),
    });
    expect(bigCase.sla?.policy).toBe('urgent');
    expect(minutesToFirstResponse(bigCase)).toBe(15);
    expect(smallCase.priority).toBe('normal');
    expect(smallCase.triage).toBeUndefined();
    expect(minutesToFirstResponse(smallCase)).toBe(120);
  });

  const mood = { kind: 'email' as const, value: 'mood@example.com' };

  it('raises an open case when a later message is angry, tightening its running clock, and never lowers it', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    const thread = { threadKey: 'conversation-mood', author: { id: 'mood' }, identities: [mood] };
    await ingest(harness, customerMessage('mood-1', at(0), 'hello, a question about seats', thread));
    // Act
    const angry = await ingest(harness, customerMessage('mood-2', at(5), 'this is awful, terrible, useless', thread));
    const calm = await ingest(harness, customerMessage('mood-3', at(10), 'thanks, great, all good now', thread));
    // Assess
    expect(angry.priority).toBe('high');
    expect(angry.triage?.reasons[0]).toMatch(/^sentiment: -\d/);
    expect(angry.sla?.policy).toBe('urgent');
    expect(angry.sla?.clocks.firstResponse?.dueAt).toBe(at(15));
    expect(calm.priority).toBe('high');
    const detail = await harness.deps.store.getCaseDetail(calm.id);
    expect(detail?.audit.filter((a) => a.type === 'case.triaged')).toHaveLength(1);
  });

  it('keeps the sentiment of the first and the latest customer message on the case and on each message', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    const thread = {
      threadKey: 'conversation-s',
      author: { id: 's' },
      identities: [{ kind: 'email' as const, value: 's@example.com' }],
    };
    // Act
    await ingest(harness, customerMessage('s-1', at(0), 'my bag is lost, terrible', thread));
    const theCase = await ingest(harness, customerMessage('s-2', at(30), 'found it, thank you so much', thread));
    // Assess
    const detail = await harness.deps.store.getCaseDetail(theCase.id);
    const scores = detail?.messages.map((m) => m.sentiment) ?? [];
    expect(theCase.sentiment).toEqual({ first: scores[0], latest: scores[1], firstAt: at(0), latestAt: at(30) });
    expect(scores[0]).toBeLessThan(0);
    expect(scores[1]).toBeGreaterThan(0);
  });

  it('raises the priority when the same customer writes again on another channel within the window', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    const identities = [{ kind: 'email' as const, value: 'dana@example.com' }];
    const onChat = customerMessage('dana-chat', at(0), 'question about my trip', { identities });
    const onEmail = customerMessage('dana-mail', at(60), 'same question again', {
      channel: 'email',
      brandAccount: 'email',
      identities,
    });
    // After the private conversation window (P30D): a new case, and the first contact in two days.
    const muchLater = customerMessage('dana-later', at(40 * 24 * 60), 'another question', { identities });
    // Act
    const first = await ingest(harness, onChat);
    const second = await ingest(harness, onEmail);
    // Assess
    expect(second.id).toBe(first.id);
    expect(first.priority).toBe('normal');
    expect(second.priority).toBe('high');
    expect(second.triage?.reasons).toEqual(['repeat contact: 1 other case(s) or channel(s) within P2D']);
    const later = await ingest(harness, muchLater);
    expect(later.id).not.toBe(first.id);
    expect(later.priority).toBe('normal');
  });

  it('raises to urgent when a message mentions a press account', async () => {
    const harness = await triageHarness(triageConfig(), T0);
    const theCase = await ingest(harness, customerMessage('p', at(0), 'cc @BBCNews how is this ok'));
    expect(theCase.priority).toBe('urgent');
    expect(theCase.triage?.reasons).toEqual(['press: @BBCNews']);
  });

  it('tags topics and queues one feedback item for the owning department', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    // Act
    const theCase = await ingest(harness, customerMessage('t', at(0), 'my suitcase never arrived, I want a refund'));
    // Assess
    expect(theCase.topics).toEqual(['baggage', 'refunds']);
    const items = await harness.deps.feedback.list('baggage', at(-1), at(1));
    expect(items).toEqual([
      {
        department: 'baggage',
        topic: 'baggage',
        caseId: theCase.id,
        at: at(0),
        channel: 'chat',
        subject: expect.any(String),
      },
    ]);
  });

  it('suppresses the case of an author after repeated abusive messages, keeping it stored with its SLA', async () => {
    // Prepare
    const harness = await triageHarness(triageConfig(), T0);
    const troll = { author: { id: 'troll', handle: 'troll' } };
    // Act
    const cases: Case[] = [];
    for (const [i, minute] of [0, 10, 20].entries()) {
      cases.push(await ingest(harness, customerMessage(`troll-${i}`, at(minute), 'you useless bastards', troll)));
    }
    // Assess
    expect(cases.map((c) => c.suppressed?.reason)).toEqual([
      undefined,
      undefined,
      'abuse: 3 abusive messages from one author within PT1H',
    ]);
    const last = cases[2] as Case;
    expect(last.sla?.clocks.firstResponse?.state).toBe('running');
    const detail = await harness.deps.store.getCaseDetail(last.id);
    expect(detail?.audit.map((a) => a.type)).toContain('case.suppressed');
  });
});
