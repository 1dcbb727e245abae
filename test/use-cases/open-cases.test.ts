/** The team's work list on DynamoDB Local: order by time to breach, filters, and customer search. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import type { Case } from '../../functions/domain/case.ts';
import { listOpenCases } from '../../functions/use-cases/open-cases.ts';
import { givenCase } from '../adapters/dynamodb/fixtures.ts';
import { newStore } from '../support/dynamo.ts';
import { minutesFromNow } from '../views/fixtures.ts';

let store: DynamoCaseStore;
beforeEach(async () => {
  store = await newStore();
});

const dueIn = (minutes: number): Partial<Case> => ({
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
});

const names = async (filter: Parameters<typeof listOpenCases>[1]) =>
  (await listOpenCases(store, filter)).cases.map((c) => c.case.customerName);

describe('the open-case work list', () => {
  it('lists open cases closest to breach first and leaves resolved ones out', async () => {
    await givenCase(store, { customerName: 'later', ...dueIn(30) });
    await givenCase(store, { customerName: 'no clock' });
    await givenCase(store, { customerName: 'overdue', status: 'responded', ...dueIn(-5) });
    await givenCase(store, { customerName: 'done', status: 'resolved', ...dueIn(-50) });

    expect(await names({})).toEqual(['overdue', 'later', 'no clock']);
  });

  it('filters by status, channel, priority and assignee, and `none` finds cases nobody has taken', async () => {
    await givenCase(store, { customerName: 'x urgent ann', priority: 'urgent', assignee: 'ann', ...dueIn(1) });
    await givenCase(store, { customerName: 'wa normal', channels: ['whatsapp'], ...dueIn(2) });
    await givenCase(store, { customerName: 'x waiting bob', status: 'waiting_on_customer', assignee: 'bob' });

    expect(await names({ status: 'waiting_on_customer' })).toEqual(['x waiting bob']);
    expect(await names({ channel: 'whatsapp' })).toEqual(['wa normal']);
    expect(await names({ priority: 'urgent' })).toEqual(['x urgent ann']);
    expect(await names({ assignee: 'bob' })).toEqual(['x waiting bob']);
    expect(await names({ assignee: 'none' })).toEqual(['wa normal']);
    expect(await names({ channel: 'x', assignee: 'ann', priority: 'normal' })).toEqual([]);
  });

  it('finds a customer by handle with or without @, by e-mail in any case, and by phone however written', async () => {
    const emailed = await store.resolveCustomer([{ kind: 'email', value: 'jane@example.com' }], {});
    const phoned = await store.resolveCustomer([{ kind: 'phone', value: '+16505551234' }], {});
    await givenCase(store, { customerName: 'handle', customerHandle: '@JaneDoe' });
    await givenCase(store, { customerName: 'by mail', customerId: emailed.id });
    await givenCase(store, { customerName: 'by phone', customerId: phoned.id });

    expect(await names({ search: 'janedoe' })).toEqual(['handle']);
    expect(await names({ search: '@janedoe' })).toEqual(['handle']);
    expect(await names({ search: 'Jane@Example.com' })).toEqual(['by mail']);
    expect(await names({ search: '+1 (650) 555-1234' })).toEqual(['by phone']);
    expect(await names({ search: 'nobody@example.com' })).toEqual([]);
  });
});
