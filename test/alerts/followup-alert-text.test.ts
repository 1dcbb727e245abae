/** A missed hand-off's or promise's escalation says so in every target's words. */
import { describe, expect, it } from 'vitest';
import { alertIdentity, parseDedupKey } from '../../functions/alerts/alert.ts';
import { consoleText } from '../../functions/alerts/targets/console/format.ts';
import { emailMessage } from '../../functions/alerts/targets/email/format.ts';
import { slackMessage } from '../../functions/alerts/targets/slack/format.ts';
import { anAlert, CASE_ID } from './fixtures.ts';

const missedHandoff = () =>
  anAlert({
    ...alertIdentity({ caseId: CASE_ID, clock: 'followUp', generation: 2, kind: 'breach', level: 1, round: 0 }),
    clock: 'followUp',
    followUp: { id: 'F2', kind: 'handoff', description: 'Hand-off to billing: double charged', department: 'billing' },
  });

describe('alerts for missed follow-ups', () => {
  it('names the missed hand-off and its department in Slack, e-mail and console alerts', () => {
    const alert = missedHandoff();

    const slack = slackMessage(alert);
    const email = emailMessage(alert);
    const text = consoleText(alert);

    expect(slack.blocks[0]).toMatchObject({ text: { text: expect.stringContaining('missed hand-off to billing') } });
    expect(email.subject).toContain('missed hand-off to billing');
    expect(text).toContain('Follow-up:      Hand-off to billing: double charged');
  });

  it('gives the escalation a dedup key PagerDuty webhooks can trace back to the follow-up', () => {
    const alert = missedHandoff();

    expect(alert.escalationId).toBe('followUp:2');
    expect(parseDedupKey(alert.dedupKey)).toEqual({
      caseId: CASE_ID,
      clock: 'followUp',
      generation: 2,
      escalationId: 'followUp:2',
    });
  });
});
