/** Which paging targets hear of an acknowledgement: every distinct target alerted so far, once. */
import { describe, expect, it } from 'vitest';
import type { Escalation } from '../../functions/domain/case.ts';
import { acknowledgementJobs } from '../../functions/domain/escalation.ts';
import type { EscalationChain } from '../../functions/domain/policies.ts';
import { openCase } from './sla/fixtures.ts';

const chain: EscalationChain = {
  levels: [
    { notify: ['pager', 'social-team'], after: 'PT0S' },
    { notify: ['pager', 'duty-manager'], after: 'PT10M' },
    { notify: ['director'], after: 'PT10M' },
  ],
  repeat: 1,
  repeatAfter: 'PT30M',
  holdAfterAcknowledge: 'PT30M',
};
const theCase = openCase({ id: '01JD3K6N4ZQ8W5T2X7V9B1C0FE' });

const escalation = (level: number, round: number): Escalation => ({
  id: 'firstResponse:2',
  clock: 'firstResponse',
  chain: 'on-call',
  breachedAt: '2026-01-05T11:00:00.000Z',
  level,
  round,
  lastAlertAt: '2026-01-05T11:10:00.000Z',
});

describe('acknowledgementJobs', () => {
  it('tells each target of the levels reached once, however many levels name it', () => {
    // Act
    const jobs = acknowledgementJobs(theCase, escalation(2, 0), chain);

    // Assess
    expect(jobs.map((j) => [j.target, j.level])).toEqual([
      ['pager', 1],
      ['social-team', 1],
      ['duty-manager', 2],
    ]);
    expect(jobs[0]).toEqual({
      alertId: `${theCase.id}:firstResponse:2:acknowledged:pager`,
      caseId: theCase.id,
      target: 'pager',
      kind: 'acknowledged',
      escalationId: 'firstResponse:2',
      clock: 'firstResponse',
      level: 1,
      round: 0,
    });
  });

  it('leaves out levels the chain has not reached yet', () => {
    // Act
    const jobs = acknowledgementJobs(theCase, escalation(1, 0), chain);

    // Assess
    expect(jobs.map((j) => j.target)).toEqual(['pager', 'social-team']);
  });

  it('counts every level as reached once the chain repeats', () => {
    // Act
    const jobs = acknowledgementJobs(theCase, escalation(1, 1), chain);

    // Assess
    expect(jobs.map((j) => j.target)).toEqual(['pager', 'social-team', 'duty-manager', 'director']);
  });

  it('gives the same ids when planned twice, so the alert worker delivers each once', () => {
    // Act
    const first = acknowledgementJobs(theCase, escalation(2, 0), chain);
    const again = acknowledgementJobs(theCase, escalation(2, 0), chain);

    // Assess
    expect(again.map((j) => j.alertId)).toEqual(first.map((j) => j.alertId));
    expect(new Set(first.map((j) => j.alertId)).size).toBe(first.length);
  });
});
