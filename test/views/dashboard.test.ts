import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { verifyLink } from '../../functions/alerts/links.ts';
import type { Case } from '../../functions/domain/case.ts';
import { dashboardData } from '../../local/dashboard-data.ts';
import { renderDashboard } from '../../local/dashboard-page.ts';
import { givenCase } from '../adapters/dynamodb/fixtures.ts';
import { newStore } from '../support/dynamo.ts';
import { minutesFromNow, NOW } from './fixtures.ts';

const SECRET = 'dashboard-link-secret';

let store: DynamoCaseStore;
beforeEach(async () => {
  store = await newStore();
});

const withDeadline = (name: string, minutes: number, extra: Partial<Case> = {}) =>
  givenCase(store, {
    customerName: name,
    sla: {
      policy: 'standard',
      clocks: {
        firstResponse: {
          name: 'firstResponse',
          state: 'running',
          generation: 1,
          startedAt: minutesFromNow(-60),
          target: 'PT1H',
          dueAt: minutesFromNow(minutes),
        },
      },
    },
    ...extra,
  });

const data = () =>
  dashboardData(store, { now: NOW, baseUrl: 'http://127.0.0.1:3000', linkSecret: SECRET, linkTtlMs: 3_600_000 });

describe('local dashboard data', () => {
  it('lists open cases overdue first, then by time to breach, then those without a running clock', async () => {
    // Prepare
    await withDeadline('due in 30', 30);
    await givenCase(store, { customerName: 'no clock' });
    await withDeadline('overdue 10', -10, { status: 'responded' });
    await withDeadline('due in 5', 5, { status: 'waiting_on_customer' });
    await withDeadline('resolved', -50, { status: 'resolved' });

    // Act
    const { cases } = await data();

    // Assess
    expect(cases.map((c) => c.customer)).toEqual(['overdue 10', 'due in 5', 'due in 30', 'no clock']);
  });

  it('gives each case the level of its running escalation and a signed link to its page', async () => {
    // Prepare
    const escalated = await withDeadline('escalated', -20, {
      escalations: [
        {
          id: 'firstResponse:1',
          clock: 'firstResponse',
          chain: 'social',
          breachedAt: minutesFromNow(-20),
          level: 2,
          round: 0,
          lastAlertAt: minutesFromNow(-5),
        },
      ],
    });

    // Act
    const [row] = (await data()).cases;

    // Assess
    expect(row).toMatchObject({
      id: escalated.id,
      escalationLevel: 2,
      dueAt: minutesFromNow(-20),
      clock: 'firstResponse',
    });
    const link = new URL(row?.viewUrl ?? '');
    expect(link.pathname).toBe(`/cases/${escalated.id}/view`);
    const verdict = verifyLink({
      caseId: escalated.id,
      action: 'view',
      token: link.searchParams.get('token') ?? '',
      secret: SECRET,
      now: NOW,
    });
    expect(verdict.ok).toBe(true);
  });

  it('renders the rows with time to breach and refreshes from the JSON endpoint', async () => {
    // Prepare
    await withDeadline('<Mallory>', -90);

    // Act
    const html = renderDashboard(await data());

    // Assess
    expect(html).toContain('overdue by 1 h 30 min');
    expect(html).toContain('&lt;Mallory&gt;');
    expect(html).toContain("fetch('/local/cases.json'");
  });
});
