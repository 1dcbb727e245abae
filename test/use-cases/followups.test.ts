/**
 * Promises, check-backs and reply windows through the use cases, the intake processor and the
 * timer worker on the in-memory adapters, with a fixed clock.
 */
import { describe, expect, it } from 'vitest';
import { acknowledgeCase, resolveCase } from '../../functions/use-cases/case-actions.ts';
import { closeFollowUp, recordFollowUp } from '../../functions/use-cases/followups.ts';
import { followUpConfig } from '../domain/followups/fixtures.ts';
import { followUpHarness, messageEvent } from './followups-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const api = { via: 'api' } as const;

describe('a promise to the customer', () => {
  it('escalates when missed: level 1 at the deadline, level 2 after its wait, marked missed and audited', async () => {
    // Prepare
    const h = await followUpHarness(followUpConfig(), T0);
    const opened = await h.ingest(
      messageEvent('m1', T0, { channel: 'chat', platform: 'inbound', brandAccount: 'chat' }),
    );
    h.clock.set(at(5));
    await recordFollowUp(
      opened.id,
      { kind: 'promise', description: 'call back by 12:05', within: 'PT2H', who: 'ann', ...api },
      h.deps,
    );
    const due = await h.timer(opened.id, 'breach', at(125));

    // Act
    const level1 = await h.fire(due);
    const escalate = await h.timer(opened.id, 'escalation', at(135));
    const level2 = await h.fire(escalate);

    // Assess
    expect([level1, level2]).toEqual([
      { outcome: 'fired', alerts: 1 },
      { outcome: 'fired', alerts: 1 },
    ]);
    expect(h.recorded.jobs.map((j) => [j.target, j.kind, j.clock, j.level])).toEqual([
      ['social-team', 'breach', 'followUp', 1],
      ['on-call', 'escalation', 'followUp', 2],
    ]);
    const stored = await h.current(opened.id);
    expect(stored.followUps?.[0]).toMatchObject({ kind: 'promise', status: 'missed', closedAt: at(125) });
    expect(stored.escalations).toEqual([expect.objectContaining({ id: 'followUp:1', clock: 'followUp', level: 2 })]);
    expect(stored.escalations?.[0]?.endedAt).toBeUndefined();
    const audit = (await h.store.getCaseDetail(opened.id))?.audit.map((a) => a.type) ?? [];
    expect(audit).toEqual(expect.arrayContaining(['followup.recorded', 'followup.missed', 'escalation.queued']));
    expect(h.recorded.events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'FollowUpMissed',
      'CaseEscalated',
      'CaseEscalated',
    ]);
  });

  it('stops escalating once someone acknowledges', async () => {
    const h = await followUpHarness(followUpConfig(), T0);
    const opened = await h.ingest(
      messageEvent('m1', T0, { channel: 'chat', platform: 'inbound', brandAccount: 'chat' }),
    );
    await recordFollowUp(
      opened.id,
      { kind: 'promise', description: 'refund today', within: 'PT1H', who: 'ann', ...api },
      h.deps,
    );
    await h.fire(await h.timer(opened.id, 'breach', at(60)));
    const escalate = await h.timer(opened.id, 'escalation', at(70));

    await acknowledgeCase(opened.id, { who: 'ann', via: 'slack' }, h.deps);
    const outcome = await h.fire(escalate);

    expect(outcome.outcome).toBe('stale');
    expect(h.recorded.jobs.map((j) => j.level)).toEqual([1]);
  });

  it('is kept by the brand’s next reply when keptByReply, and then never fires', async () => {
    const h = await followUpHarness(followUpConfig(), T0);
    const opened = await h.ingest(messageEvent('m1', T0));
    await recordFollowUp(
      opened.id,
      { kind: 'promise', description: 'update within the hour', within: 'PT1H', keptByReply: true, who: 'ann', ...api },
      h.deps,
    );
    const due = await h.timer(opened.id, 'breach', at(60));

    const answered = await h.ingest(messageEvent('m2', at(30), { direction: 'outbound' }));
    const outcome = await h.fire(due);

    expect(answered.followUps?.find((f) => f.kind === 'promise')).toMatchObject({ status: 'kept', closedAt: at(30) });
    expect(outcome.outcome).toBe('stale');
    expect(h.recorded.jobs).toEqual([]);
  });

  it('ends the escalation of a missed promise when someone marks it kept after all', async () => {
    const h = await followUpHarness(followUpConfig(), T0);
    const opened = await h.ingest(
      messageEvent('m1', T0, { channel: 'chat', platform: 'inbound', brandAccount: 'chat' }),
    );
    const recorded = await recordFollowUp(
      opened.id,
      { kind: 'promise', description: 'call back', within: 'PT1H', who: 'ann', ...api },
      h.deps,
    );
    if (recorded.outcome !== 'done') throw new Error('not recorded');
    const followUpId = recorded.case.followUps?.[0]?.id ?? '';
    await h.fire(await h.timer(opened.id, 'breach', at(60)));

    h.clock.set(at(65));
    const outcome = await closeFollowUp(opened.id, followUpId, 'kept', { who: 'ann', via: 'api' }, h.deps);

    expect(outcome.outcome).toBe('done');
    const stored = await h.current(opened.id);
    expect(stored.followUps?.[0]).toMatchObject({ status: 'kept', closedBy: 'ann' });
    expect(stored.escalations?.[0]).toMatchObject({ endedAt: at(65), endReason: 'answered' });
  });
});

describe('check-back after resolution', () => {
  it('reminds the social team to check back with the customer when cases.checkBackAfter has passed', async () => {
    const h = await followUpHarness(followUpConfig({ cases: { checkBackAfter: 'P2D' } }), T0);
    const opened = await h.ingest(
      messageEvent('m1', T0, { channel: 'chat', platform: 'inbound', brandAccount: 'chat' }),
    );
    h.clock.set(at(30));
    await resolveCase(opened.id, { who: 'ann', via: 'api' }, h.deps);
    const due = await h.timer(opened.id, 'breach', '2026-03-04T10:30:00.000Z');

    const outcome = await h.fire(due);

    expect(outcome.outcome).toBe('fired');
    expect(h.recorded.notices.map((n) => [n.target, n.kind, n.caseId])).toEqual([
      ['social-team', 'followup', opened.id],
    ]);
    expect((await h.current(opened.id)).followUps?.[0]).toMatchObject({ kind: 'checkback', remindedAt: due.dueAt });
  });
});

describe('platform reply windows', () => {
  it('warns before a WhatsApp window closes while the customer is unanswered, then marks it missed', async () => {
    const h = await followUpHarness(followUpConfig(), T0);
    const opened = await h.ingest(messageEvent('m1', T0));
    const warning = await h.timer(opened.id, 'warning', '2026-03-03T08:00:00.000Z');

    const warned = await h.fire(warning);
    const closed = await h.fire(await h.timer(opened.id, 'breach', '2026-03-03T10:00:00.000Z'));

    expect([warned.outcome, closed.outcome]).toEqual(['fired', 'fired']);
    expect(h.recorded.notices.map((n) => [n.target, n.kind, n.title])).toEqual([
      ['social-team', 'reply_window', `WhatsApp reply window for case ${opened.id} closes at 10:00`],
    ]);
    expect((await h.current(opened.id)).followUps?.[0]).toMatchObject({ kind: 'reply_window', status: 'missed' });
  });

  it('does not warn when the brand answered on WhatsApp', async () => {
    const h = await followUpHarness(followUpConfig(), T0);
    const opened = await h.ingest(messageEvent('m1', T0));
    const warning = await h.timer(opened.id, 'warning', '2026-03-03T08:00:00.000Z');
    await h.ingest(messageEvent('m2', at(20), { direction: 'outbound' }));

    const outcome = await h.fire(warning);

    expect(outcome.outcome).toBe('stale');
    expect(h.recorded.notices).toEqual([]);
    expect((await h.current(opened.id)).followUps?.[0]).toMatchObject({ status: 'kept', closedAt: at(20) });
  });
});
