import { describe, expect, it } from 'vitest';
import { consoleText } from '../../../functions/alerts/targets/console/format.ts';
import { emailMessage } from '../../../functions/alerts/targets/email/format.ts';
import { anAlert } from '../fixtures.ts';

describe('emailMessage', () => {
  it('has a subject SNS accepts: ASCII, one line, under 100 characters', () => {
    const { subject } = emailMessage(anAlert({ brand: 'Café Crème', customer: { name: 'Zoë 😀 '.repeat(20) } }));

    expect(subject).toMatch(/^\[Sundown\] SLA breached: Cafe Creme x, first response, Zoe \? /);
    expect(subject).toMatch(/^[\x20-\x7e]{1,99}$/);
  });

  it('quotes the customer and carries the case, acknowledge and resolve links', () => {
    const alert = anAlert();

    const { body } = emailMessage(alert);

    expect(body).toContain('Jane Doe (@janedoe) (12,300 followers, verified) wrote on x:');
    expect(body).toContain('  > My order #4411 never arrived & nobody answers <at all>.\n  > Third time asking!');
    expect(body).toContain('Unanswered for: 1 h 05 min');
    expect(body).toContain(`Open the case:  ${alert.caseUrl}`);
    expect(body).toContain(`Acknowledge:    ${alert.ackUrl}`);
    expect(body).toContain(`Resolve:        ${alert.resolveUrl}`);
  });

  it('offers no acknowledge link once the case is resolved', () => {
    const { subject, body } = emailMessage(anAlert({ kind: 'resolved' }));

    expect(subject).toMatch(/^\[Sundown\] Resolved:/);
    expect(body).not.toContain('Acknowledge:');
  });
});

describe('consoleText', () => {
  it('prints a headline and the same lines as the e-mail', () => {
    const text = consoleText(anAlert({ kind: 'escalation', level: 2 }));

    expect(text.split('\n')[0]).toBe('[Sundown] Escalation L2: acme x, first response, Jane Doe (@janedoe)');
    expect(text).toContain('SLA:            first response overdue by 35 min');
  });
});
