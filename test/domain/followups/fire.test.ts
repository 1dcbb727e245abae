import { describe, expect, it } from 'vitest';
import { planFollowUpTimer } from '../../../functions/domain/followups/fire.ts';
import { followUpTimers } from '../../../functions/domain/followups/follow-ups.ts';
import { reconcileSla } from '../../../functions/domain/sla/clocks.ts';
import type { Timer } from '../../../functions/domain/sla/types.ts';
import { aCase, aFollowUp, followUpConfig } from './fixtures.ts';

const config = followUpConfig();

const timerOf = (theCase: ReturnType<typeof aCase>, kind: Timer['kind'], seq = 1): Timer => {
  const found = followUpTimers(theCase).find((t) => t.kind === kind && t.generation === seq);
  if (!found) throw new Error(`no ${kind} timer for follow-up ${seq}`);
  return found;
};

const window = aFollowUp({
  kind: 'reply_window',
  channel: 'whatsapp',
  description: 'WhatsApp reply window',
  dueAt: '2026-03-03T10:00:00.000Z',
  warnAt: '2026-03-03T08:00:00.000Z',
});

describe('a reply window firing', () => {
  it('warns the policy chain’s level 1 with the closing time in the brand’s time zone', () => {
    const theCase = aCase({ followUps: [window] });

    const effect = planFollowUpTimer(theCase, timerOf(theCase, 'warning'), config, '2026-03-03T08:00:00.000Z');

    if ('stale' in effect) throw new Error(effect.stale);
    expect(effect.notices.map((n) => [n.target, n.kind, n.title])).toEqual([
      ['social-team', 'reply_window', 'WhatsApp reply window for case C1 closes at 10:00'],
    ]);
    expect(effect.case.followUps?.[0]?.warnedAt).toBe('2026-03-03T08:00:00.000Z');
    expect(effect.alerts).toEqual([]);
  });

  it('does not warn once the brand answered on that channel', () => {
    const theCase = aCase({ followUps: [{ ...window, status: 'kept', closedAt: '2026-03-02T11:00:00.000Z' }] });
    const warning: Timer = { ...timerOf(aCase({ followUps: [window] }), 'warning') };

    const effect = planFollowUpTimer(theCase, warning, config, '2026-03-03T08:00:00.000Z');

    expect(effect).toEqual({ stale: 'follow-up warning no longer due' });
  });

  it('is marked missed when it closes unanswered, without paging anyone', () => {
    const theCase = aCase({ followUps: [window] });

    const effect = planFollowUpTimer(theCase, timerOf(theCase, 'breach'), config, '2026-03-03T10:00:00.000Z');

    if ('stale' in effect) throw new Error(effect.stale);
    expect(effect.case.followUps?.[0]?.status).toBe('missed');
    expect(effect.audit.map((a) => a.type)).toEqual(['followup.missed']);
    expect([effect.alerts, effect.notices]).toEqual([[], []]);
  });
});

describe('a missed hand-off or promise', () => {
  it('escalates a hand-off nobody acknowledged through the department’s chain', () => {
    const theCase = aCase({ followUps: [aFollowUp({ kind: 'handoff', department: 'billing' })] });

    const effect = planFollowUpTimer(theCase, timerOf(theCase, 'breach'), config, '2026-03-02T18:00:00.000Z');

    if ('stale' in effect) throw new Error(effect.stale);
    expect(effect.case.followUps?.[0]?.status).toBe('missed');
    expect(effect.case.escalations).toEqual([
      expect.objectContaining({ id: 'followUp:1', clock: 'followUp', chain: 'billing', followUpId: 'F1', level: 1 }),
    ]);
    expect(effect.alerts.map((a) => [a.target, a.kind, a.clock])).toEqual([['billing-lead', 'breach', 'followUp']]);
    expect(effect.next).toMatchObject({ kind: 'escalation', clock: 'followUp', generation: 1, level: 2 });
  });

  it('escalates a promise through the SLA policy’s chain when its department has none', () => {
    const theCase = aCase({ followUps: [aFollowUp({ department: 'web' })] });

    const effect = planFollowUpTimer(theCase, timerOf(theCase, 'breach'), config, '2026-03-02T18:00:00.000Z');

    if ('stale' in effect) throw new Error(effect.stale);
    expect(effect.alerts.map((a) => a.target)).toEqual(['social-team']);
    expect(effect.events.map((e) => e.type)).toEqual(['FollowUpMissed', 'CaseEscalated']);
  });

  it('does nothing for a promise already kept', () => {
    const open = aCase({ followUps: [aFollowUp()] });
    const kept = aCase({ followUps: [aFollowUp({ status: 'kept' })] });

    expect(planFollowUpTimer(kept, timerOf(open, 'breach'), config, '2026-03-02T18:00:00.000Z')).toHaveProperty(
      'stale',
    );
  });
});

describe('a check-back', () => {
  it('reminds the social team to check back with the customer, once', () => {
    const theCase = aCase({
      status: 'resolved',
      resolvedAt: '2026-03-02T15:00:00.000Z',
      followUps: [aFollowUp({ kind: 'checkback', description: 'Check back with the customer after resolution' })],
    });

    const effect = planFollowUpTimer(theCase, timerOf(theCase, 'breach'), config, '2026-03-04T15:00:00.000Z');

    if ('stale' in effect) throw new Error(effect.stale);
    expect(effect.notices.map((n) => [n.target, n.kind, n.title])).toEqual([
      ['social-team', 'followup', 'Check back with Sheena Nelson (case C1)'],
    ]);
    expect(followUpTimers(effect.case)).toEqual([]);
  });
});

describe('pauseWhileHandedOff', () => {
  it('pauses the listed clocks while a hand-off waits for the department', () => {
    const paused = followUpConfig({
      sla: {
        policies: [
          {
            name: 'standard',
            firstResponse: 'PT1H',
            resolution: 'P1D',
            escalation: 'social',
            pauseWhileHandedOff: ['resolution'],
          },
        ],
      },
    });
    const before = aCase({ sla: undefined });
    const opened = reconcileSla({ after: before, now: '2026-03-02T10:00:00.000Z', config: paused });
    const handedOff = {
      ...before,
      sla: opened.sla,
      followUps: [aFollowUp({ kind: 'handoff', department: 'billing' })],
    };

    const { sla } = reconcileSla({ before, after: handedOff, now: '2026-03-02T10:30:00.000Z', config: paused });

    expect(sla?.clocks.resolution?.state).toBe('paused');
    expect(sla?.clocks.firstResponse?.state).toBe('running');
  });

  it('keeps every clock running by default', () => {
    const unpaused = followUpConfig({
      sla: { policies: [{ name: 'standard', firstResponse: 'PT1H', resolution: 'P1D', escalation: 'social' }] },
    });
    const before = aCase({ sla: undefined });
    const opened = reconcileSla({ after: before, now: '2026-03-02T10:00:00.000Z', config: unpaused });
    const handedOff = {
      ...before,
      sla: opened.sla,
      followUps: [aFollowUp({ kind: 'handoff', department: 'billing' })],
    };

    const { sla } = reconcileSla({ before, after: handedOff, now: '2026-03-02T10:30:00.000Z', config: unpaused });

    expect(Object.values(sla?.clocks ?? {}).map((c) => c.state)).toEqual(['running', 'running']);
  });
});
