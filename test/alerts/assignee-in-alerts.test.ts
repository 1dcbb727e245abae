/** An alert about an assigned case names the assignee in every text format; an unassigned one says nothing. */
import { describe, expect, it } from 'vitest';
import { slackMessage } from '../../functions/alerts/targets/slack/format.ts';
import { alertLines } from '../../functions/alerts/targets/text.ts';
import { anAlert } from './fixtures.ts';

describe('the assignee in alerts', () => {
  it('names the assignee in the plain-text lines and the Slack message', () => {
    const alert = anAlert({ assignee: 'ann@example.com' });

    const lines = alertLines(alert);
    const slack = JSON.stringify(slackMessage(alert));

    expect(lines).toContain('Assigned to:    ann@example.com');
    expect(slack).toContain('*Assigned to*\\nann@example.com');
  });

  it('leaves the line out while nobody has the case', () => {
    const alert = anAlert();

    expect(alertLines(alert).some((line) => line.startsWith('Assigned to'))).toBe(false);
    expect(JSON.stringify(slackMessage(alert))).not.toContain('Assigned to');
  });
});
