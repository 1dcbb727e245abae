import { describe, expect, it } from 'vitest';
import { breachDedupKey, deadlineLabel, parseDedupKey } from '../../../functions/alerts/alert.ts';
import { slaPolicySchema } from '../../../functions/config/sla-schema.ts';
import { alertQueueMessageSchema, timerSchema } from '../../../functions/domain/queue-messages.ts';
import { CLOCK_NAMES, CLOCK_TABLE, DEADLINES } from '../../../functions/domain/sla/clock-table.ts';
import { clockLabel } from '../../../functions/views/clocks.ts';

const timer = (clock: string) => ({
  caseId: 'C1',
  key: `${clock}:1:breach`,
  kind: 'breach',
  clock,
  generation: 1,
  dueAt: '2026-01-05T11:00:00.000Z',
});

describe('the clock table', () => {
  it('gives every clock its label in alerts and, capitalised, on the case page', () => {
    for (const name of CLOCK_NAMES) {
      const { label } = CLOCK_TABLE[name];

      expect(deadlineLabel({ clock: name })).toBe(label);
      expect(clockLabel(name).toLowerCase()).toBe(label);
      expect(clockLabel(name)[0]).toBe(label[0]?.toUpperCase());
    }
  });

  it('lets every clock and follow-ups form a dedup key that reads back to its case and breach', () => {
    for (const clock of DEADLINES) {
      const key = breachDedupKey('C1', clock, 3);

      expect(parseDedupKey(key)).toEqual({ caseId: 'C1', clock, generation: 3, escalationId: `${clock}:3` });
    }
    expect(parseDedupKey('sundown:C1:lunchBreak:3')).toBeUndefined();
  });

  it('lets the timer contract carry every clock and follow-ups, and refuses an unknown clock by name', () => {
    for (const clock of DEADLINES) expect(timerSchema.safeParse(timer(clock)).success).toBe(true);

    const unknown = timerSchema.safeParse(timer('lunchBreak'));

    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.path).toEqual(['clock']);
  });

  it('refuses a policy that leaves out the target of a required clock, naming the field', () => {
    const required = CLOCK_NAMES.filter((name) => CLOCK_TABLE[name].required);
    const policy = { name: 'p', escalation: 'on-call', firstResponse: 'PT1H', nextResponse: 'PT2H' };

    for (const name of required) {
      const { [name]: _left, ...without } = policy as Record<string, string>;
      const result = slaPolicySchema.safeParse(without);

      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(name);
    }
    expect(required.length).toBeGreaterThan(0);
  });

  it('pauses by default, while the customer is awaited, exactly the clocks the table marks', () => {
    const parsed = slaPolicySchema.parse({ name: 'p', escalation: 'on-call', firstResponse: 'PT1H' });

    expect(parsed.pauseWhileWaitingOnCustomer).toEqual(
      CLOCK_NAMES.filter((name) => CLOCK_TABLE[name].pausedWhileWaitingByDefault),
    );
    expect(parsed.pauseWhileWaitingOnCustomer).toEqual(['nextResponse', 'resolution']);
  });
});

describe('the alert queue contract', () => {
  it('tells a notice from an alert job and refuses a notice without a target', () => {
    const notice = { noticeId: 'n1', target: 'ops', kind: 'surge', title: 'Surge', text: 'many posts', payload: {} };
    const job = {
      alertId: 'a1',
      caseId: 'C1',
      target: 'ops',
      escalationId: 'firstResponse:1',
      level: 1,
      round: 0,
      kind: 'breach',
      clock: 'firstResponse',
    };
    const { target: _target, ...noTarget } = notice;

    expect(alertQueueMessageSchema.parse(notice)).toHaveProperty('noticeId', 'n1');
    expect(alertQueueMessageSchema.parse(job)).toHaveProperty('alertId', 'a1');
    expect(alertQueueMessageSchema.safeParse(noTarget).success).toBe(false);
  });

  it('refuses a warning alert job for a follow-up: follow-ups warn with notices', () => {
    const job = {
      alertId: 'a1',
      caseId: 'C1',
      target: 'ops',
      escalationId: 'followUp:1',
      level: 1,
      round: 0,
      kind: 'warning',
      clock: 'followUp',
    };

    expect(alertQueueMessageSchema.safeParse(job).success).toBe(false);
  });
});
