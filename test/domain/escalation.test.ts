/**
 * The escalation rules on a fixed clock: what a breach, an escalation timer, an acknowledgement
 * or an answer does to a case's escalations, and which alerts and timers follow.
 */
import { describe, expect, it } from 'vitest';
import type { Case, Escalation } from '../../functions/domain/case.ts';
import {
  acknowledgeEscalations,
  advanceEscalation,
  endEscalations,
  nextEscalationTimer,
  openEscalation,
  resumeNote,
  warningAlerts,
} from '../../functions/domain/escalation.ts';
import type { EscalationChain } from '../../functions/domain/policies.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { openCase } from './sla/fixtures.ts';

/** Level 1 at the breach, level 2 ten minutes later, then one more round half an hour after. */
const chain: EscalationChain = {
  levels: [
    { notify: ['social-team'], after: 'PT0S' },
    { notify: ['on-call-pager', 'duty-manager'], after: 'PT10M' },
  ],
  repeat: 1,
  repeatAfter: 'PT30M',
  holdAfterAcknowledge: 'PT30M',
};
const chains = { 'on-call': chain };

const BREACHED_AT = '2026-01-05T11:00:00.000Z';
const ALERTED_AT = '2026-01-05T11:00:02.000Z';
const HELD_UNTIL = '2026-01-05T11:30:02.000Z';
const theCase: Case = openCase({ id: '01JD3K6N4ZQ8W5T2X7V9B1C0FE' });

const open = (now = ALERTED_AT) => openEscalation(theCase, 'firstResponse', 3, 'on-call', chain, BREACHED_AT, now);

const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Fires every escalation timer on time, from the breach to the end of the chain. */
const walk = () => {
  const steps = [];
  let step: { escalation: Escalation; next?: Timer } = open();
  while (step.next) {
    const timer: Timer = step.next;
    const advanced = advanceEscalation(theCase, step.escalation, chain, timer, timer.dueAt);
    if (!advanced) throw new Error(`timer ${timer.key} did not advance the chain`);
    steps.push({ timer, ...advanced });
    step = advanced;
  }
  return steps;
};

const escalation = (overrides: Partial<Escalation> = {}): Escalation => ({
  id: 'firstResponse:3',
  clock: 'firstResponse',
  chain: 'on-call',
  breachedAt: BREACHED_AT,
  level: 1,
  round: 0,
  lastAlertAt: ALERTED_AT,
  ...overrides,
});

describe('openEscalation', () => {
  it('opens level 1 at the breach, alerting the level-1 targets now', () => {
    // Act
    const { escalation: opened, alerts } = open();

    // Assess
    expect(opened).toEqual({
      id: 'firstResponse:3',
      clock: 'firstResponse',
      chain: 'on-call',
      breachedAt: BREACHED_AT,
      level: 1,
      round: 0,
      lastAlertAt: ALERTED_AT,
    });
    expect(alerts).toEqual([
      {
        alertId: `${theCase.id}:firstResponse:3:breach:L1:R0:social-team`,
        caseId: theCase.id,
        target: 'social-team',
        kind: 'breach',
        escalationId: 'firstResponse:3',
        clock: 'firstResponse',
        level: 1,
        round: 0,
      },
    ]);
  });

  it("schedules level 2 at the last alert plus level 2's wait", () => {
    // Act
    const { next } = open();

    // Assess
    expect(next).toEqual({
      caseId: theCase.id,
      key: 'firstResponse:3:escalate:L2:R0',
      kind: 'escalation',
      clock: 'firstResponse',
      generation: 3,
      dueAt: '2026-01-05T11:10:02.000Z',
      level: 2,
      round: 0,
    });
  });

  it('schedules nothing when the chain has a single level and no repeat', () => {
    // Act
    const single = openEscalation(
      theCase,
      'firstResponse',
      1,
      'short',
      {
        levels: [{ notify: ['social-team'], after: 'PT0S' }],
        repeat: 0,
        repeatAfter: 'PT30M',
        holdAfterAcknowledge: 'PT30M',
      },
      BREACHED_AT,
      ALERTED_AT,
    );

    // Assess
    expect(single.alerts.map((a) => a.target)).toEqual(['social-team']);
    expect(single.next).toBeUndefined();
  });
});

describe('advanceEscalation', () => {
  it('escalates to level 2 when level 1 does not acknowledge in 10 minutes', () => {
    // Prepare
    const { escalation: opened, next } = open();
    if (!next) throw new Error('no level-2 timer');

    // Act
    const advanced = advanceEscalation(theCase, opened, chain, next, next.dueAt);

    // Assess
    expect(advanced?.escalation).toMatchObject({ level: 2, round: 0, lastAlertAt: next.dueAt });
    expect(advanced?.alerts.map((a) => [a.kind, a.level, a.round, a.target])).toEqual([
      ['escalation', 2, 0, 'on-call-pager'],
      ['escalation', 2, 0, 'duty-manager'],
    ]);
  });

  it('walks the levels, starts a second round after repeatAfter, and stops after the last round', () => {
    // Act
    const steps = walk();

    // Assess
    expect(steps.map((s) => [s.timer.key, s.timer.dueAt])).toEqual([
      ['firstResponse:3:escalate:L2:R0', '2026-01-05T11:10:02.000Z'],
      ['firstResponse:3:escalate:L1:R1', '2026-01-05T11:40:02.000Z'],
      ['firstResponse:3:escalate:L2:R1', '2026-01-05T11:50:02.000Z'],
    ]);
    expect(steps.map((s) => s.alerts.map((a) => `${a.target}@L${a.level}R${a.round}`))).toEqual([
      ['on-call-pager@L2R0', 'duty-manager@L2R0'],
      ['social-team@L1R1'],
      ['on-call-pager@L2R1', 'duty-manager@L2R1'],
    ]);
    expect(steps.at(-1)?.next).toBeUndefined();
  });

  it('marks the escalation exhausted when the last level of the last round is alerted, and not before', () => {
    // Act
    const steps = walk();

    // Assess
    expect(open().escalation.exhaustedAt).toBeUndefined();
    expect(steps.map((s) => s.escalation.exhaustedAt)).toEqual([undefined, undefined, '2026-01-05T11:50:02.000Z']);
    expect(steps.at(-1)?.escalation.endedAt).toBeUndefined();
  });

  it('marks a one-level chain without repeats exhausted at the breach itself', () => {
    // Prepare
    const single: EscalationChain = {
      levels: [{ notify: ['social-team'], after: 'PT0S' }],
      repeat: 0,
      repeatAfter: 'PT30M',
      holdAfterAcknowledge: 'PT30M',
    };

    // Act
    const opened = openEscalation(theCase, 'firstResponse', 1, 'single', single, BREACHED_AT, ALERTED_AT);

    // Assess
    expect(opened.next).toBeUndefined();
    expect(opened.escalation.exhaustedAt).toBe(ALERTED_AT);
  });

  it('measures each wait from when the previous level was actually alerted', () => {
    // Prepare: the level-2 timer arrived 40 s late
    const { escalation: opened, next } = open();
    if (!next) throw new Error('no level-2 timer');
    const late = plusMinutes(next.dueAt, 40 / 60);

    // Act
    const advanced = advanceEscalation(theCase, opened, chain, next, late);

    // Assess: round 2 starts 30 minutes after the late alert, not after the planned one
    expect(advanced?.next?.dueAt).toBe(plusMinutes(late, 30));
  });

  it.each([
    ['an already fired step (level 2 of round 0 again)', escalation({ level: 2 }), 2, 0],
    ['a step from another round', escalation(), 2, 1],
    ['a step that skips a level', escalation(), 3, 0],
    [
      'an escalation held by an acknowledgement',
      escalation({ acknowledgedAt: ALERTED_AT, heldUntil: HELD_UNTIL }),
      2,
      0,
    ],
    ['an ended escalation', escalation({ endedAt: ALERTED_AT, endReason: 'answered' as const }), 2, 0],
    ['an escalation past its last round', escalation({ level: 2, round: 1 }), 1, 2],
  ])('ignores a stale timer: %s', (_name, current, level, round) => {
    // Prepare
    const timer: Timer = {
      caseId: theCase.id,
      key: `firstResponse:3:escalate:L${level}:R${round}`,
      kind: 'escalation',
      clock: 'firstResponse',
      generation: 3,
      dueAt: '2026-01-05T11:10:02.000Z',
      level,
      round,
    };

    // Act
    const advanced = advanceEscalation(theCase, current, chain, timer, '2026-01-05T11:10:03.000Z');

    // Assess
    expect(advanced).toBeUndefined();
  });
});

describe('nextEscalationTimer', () => {
  it('schedules nothing for a held or ended escalation', () => {
    // Act
    const acknowledged = nextEscalationTimer(
      theCase,
      escalation({ acknowledgedAt: ALERTED_AT, heldUntil: HELD_UNTIL }),
      chain,
      3,
    );
    const ended = nextEscalationTimer(theCase, escalation({ endedAt: ALERTED_AT }), chain, 3);

    // Assess
    expect(acknowledged).toBeUndefined();
    expect(ended).toBeUndefined();
  });
});

describe('warningAlerts', () => {
  it('warns the first level of the chain', () => {
    // Act
    const alerts = warningAlerts(theCase, 'firstResponse', 3, chain, '2026-01-05T10:48:00.000Z');

    // Assess
    expect(alerts.map((a) => [a.kind, a.target, a.level, a.alertId])).toEqual([
      ['warning', 'social-team', 1, `${theCase.id}:firstResponse:3:warning:L1:R0:social-team`],
    ]);
  });
});

describe('acknowledgeEscalations', () => {
  const firstResponse = escalation();
  const nextResponse = escalation({ id: 'nextResponse:1', clock: 'nextResponse', level: 2 });
  const answered = escalation({ id: 'firstResponse:2', endedAt: ALERTED_AT, endReason: 'answered' });
  const withEscalations = { ...theCase, escalations: [answered, firstResponse, nextResponse] };
  const NOW = '2026-01-05T11:05:00.000Z';

  it("holds only the named escalation for the chain's hold, with a timer to resume it then", () => {
    // Act
    const { escalations, acknowledged, timers } = acknowledgeEscalations(
      withEscalations,
      'U2CERLKJA',
      NOW,
      'firstResponse:3',
      { 'on-call': { ...chain, holdAfterAcknowledge: 'PT45M' } },
    );

    // Assess
    expect(acknowledged.map((e) => e.id)).toEqual(['firstResponse:3']);
    expect(escalations).toEqual([
      answered,
      { ...firstResponse, acknowledgedAt: NOW, acknowledgedBy: 'U2CERLKJA', heldUntil: plusMinutes(NOW, 45) },
      nextResponse,
    ]);
    expect(timers).toEqual([
      expect.objectContaining({ kind: 'escalation', resumes: true, dueAt: plusMinutes(NOW, 45), level: 1, round: 1 }),
    ]);
  });

  it('holds every running escalation when none is named, leaving ended ones alone', () => {
    // Act
    const { escalations, acknowledged } = acknowledgeEscalations(withEscalations, 'someone', NOW);

    // Assess
    expect(acknowledged.map((e) => e.id)).toEqual(['firstResponse:3', 'nextResponse:1']);
    expect(escalations[0]).toBe(answered);
    expect(escalations.slice(1).every((e) => e.heldUntil === plusMinutes(NOW, 30) && !e.endedAt)).toBe(true);
  });

  it('resumes an unanswered case at level 1 of a new round when the hold ends, saying who acknowledged', () => {
    // Prepare
    const held = acknowledgeEscalations(withEscalations, 'ann', NOW, 'firstResponse:3');
    const [resume] = held.timers;
    if (!resume) throw new Error('no resume timer');
    const heldEscalation = held.escalations[1] as Escalation;

    // Act
    const resumed = advanceEscalation(theCase, heldEscalation, chain, resume, resume.dueAt);
    const note = resumed && resumeNote(resumed.escalation, new Date(resume.dueAt));

    // Assess
    expect(resumed?.resumed).toBe(true);
    expect(resumed?.escalation).toMatchObject({ level: 1, round: 1, resumedAt: resume.dueAt, acknowledgedBy: 'ann' });
    expect(resumed?.escalation.heldUntil).toBeUndefined();
    expect(resumed?.alerts.map((a) => [a.kind, a.level, a.round, a.target])).toEqual([
      ['escalation', 1, 1, 'social-team'],
    ]);
    expect(resumed?.next).toMatchObject({ level: 2, round: 1 });
    expect(note).toBe('acknowledged by ann 30 min ago, still unanswered');
  });

  it('ignores the resume timer of an earlier hold', () => {
    // Prepare: acknowledged twice; the first hold's timer comes late
    const first = acknowledgeEscalations(withEscalations, 'ann', NOW, 'firstResponse:3');
    const stale = first.timers[0] as Timer;
    const heldAgain = escalation({ acknowledgedAt: NOW, heldUntil: plusMinutes(NOW, 90) });

    // Act
    const advanced = advanceEscalation(theCase, heldAgain, chain, stale, stale.dueAt);

    // Assess
    expect(advanced).toBeUndefined();
  });

  it('changes nothing the second time', () => {
    // Prepare
    const once = acknowledgeEscalations(withEscalations, 'someone', NOW);

    // Act
    const twice = acknowledgeEscalations({ ...withEscalations, escalations: once.escalations }, 'other', NOW);

    // Assess
    expect(twice.acknowledged).toEqual([]);
    expect(twice.escalations).toEqual(once.escalations);
  });
});

describe('endEscalations', () => {
  const NOW = '2026-01-05T11:20:00.000Z';
  const notified = (notices: { target: string; level: number; round: number }[]) =>
    notices.map((n) => `${n.target}@L${n.level}R${n.round}`);

  it('tells every target alerted so far that the breach is over', () => {
    // Prepare: level 2 of round 0 was reached
    const atLevel2 = { ...theCase, escalations: [escalation({ level: 2 })] };

    // Act
    const { escalations, notices, ended } = endEscalations(atLevel2, chains, 'answered', NOW);

    // Assess
    expect(ended).toEqual([escalation({ level: 2, endedAt: NOW, endReason: 'answered' })]);
    expect(escalations).toEqual(ended);
    expect(notices.every((n) => n.kind === 'resolved' && n.escalationId === 'firstResponse:3')).toBe(true);
    expect(notified(notices)).toEqual(['social-team@L1R0', 'on-call-pager@L2R0', 'duty-manager@L2R0']);
  });

  it('closes the paging incident of an acknowledged escalation once, when the case is later resolved', () => {
    // Prepare: level 2 was alerted, then someone acknowledged
    const ACKED_AT = '2026-01-05T11:12:00.000Z';
    const acknowledged = escalation({
      level: 2,
      acknowledgedAt: ACKED_AT,
      acknowledgedBy: 'ann',
      endedAt: ACKED_AT,
      endReason: 'acknowledged',
    });

    // Act
    const first = endEscalations({ ...theCase, escalations: [acknowledged] }, chains, 'resolved', NOW);
    const again = endEscalations({ ...theCase, escalations: first.escalations }, chains, 'resolved', NOW);

    // Assess: the tools are told, the escalation keeps its acknowledgement, and a second write tells no one
    expect(notified(first.notices)).toEqual(['social-team@L1R0', 'on-call-pager@L2R0', 'duty-manager@L2R0']);
    expect(first.ended).toEqual([]);
    expect(first.escalations).toEqual([{ ...acknowledged, pagingClosedAt: NOW }]);
    expect(again.notices).toEqual([]);
    expect(again.changed).toBe(false);
  });

  it('tells only level 1 when the chain never went further', () => {
    // Act
    const { notices } = endEscalations({ ...theCase, escalations: [escalation()] }, chains, 'resolved', NOW);

    // Assess
    expect(notified(notices)).toEqual(['social-team@L1R0']);
  });

  it('tells every level once a repeat round has started', () => {
    // Prepare: round 1 is back at level 1, but level 2 was alerted in round 0
    const repeating = { ...theCase, escalations: [escalation({ level: 1, round: 1 })] };

    // Act
    const { notices } = endEscalations(repeating, chains, 'resolved', NOW);

    // Assess
    expect(notified(notices)).toEqual(['social-team@L1R1', 'on-call-pager@L2R1', 'duty-manager@L2R1']);
  });

  it('ends only the escalations chosen, and never one already ended', () => {
    // Prepare
    const done = escalation({ id: 'firstResponse:2', endedAt: ALERTED_AT, endReason: 'answered' });
    const other = escalation({ id: 'nextResponse:1', clock: 'nextResponse' });
    const both = { ...theCase, escalations: [done, escalation(), other] };

    // Act
    const { escalations, ended } = endEscalations(both, chains, 'answered', NOW, (e) => e.clock === 'firstResponse');

    // Assess
    expect(ended.map((e) => e.id)).toEqual(['firstResponse:3']);
    expect(escalations[0]).toBe(done);
    expect(escalations[2]).toBe(other);
  });
});

describe('alert ids', () => {
  it('are the same however often a step is planned, and differ between steps and targets', () => {
    // Act
    const first = open().alerts.map((a) => a.alertId);
    const again = open('2026-01-05T11:00:09.000Z').alerts.map((a) => a.alertId);
    const later = walk().flatMap((s) => s.alerts.map((a) => a.alertId));

    // Assess
    expect(again).toEqual(first);
    const all = [...first, ...later];
    expect(new Set(all).size).toBe(all.length);
    expect(later).toContain(`${theCase.id}:firstResponse:3:escalation:L2:R1:duty-manager`);
  });
});
