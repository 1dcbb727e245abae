/**
 * The team's work list: every case someone still owes an answer or a resolution, the one closest
 * to breaching (or longest overdue) first, narrowed by status, channel, priority, assignee, or a
 * customer's handle, e-mail or phone number (found through the customer directory).
 */
import type { Case, CaseStatus, Channel, Identity, Priority } from '../domain/case.ts';
import type { CaseLister, CustomerDirectory } from '../ports.ts';

export const OPEN_STATUSES: readonly CaseStatus[] = ['open', 'responded', 'waiting_on_customer'];

/** Enough for one team's screen; the list says when it shows fewer than there are. */
const MAX_PER_STATUS = 500;

export interface OpenCaseFilter {
  readonly status?: CaseStatus;
  readonly channel?: Channel;
  readonly priority?: Priority;
  /** An assignee's name, or `none` for cases nobody has taken. */
  readonly assignee?: string;
  /** A customer's handle (with or without @), e-mail address or phone number. */
  readonly search?: string;
}

export interface OpenCase {
  readonly case: Case;
  /** Earliest deadline among the running SLA clocks; absent when no clock runs. */
  readonly dueAt?: string;
  readonly clock?: string;
}

export type OpenCaseStore = Pick<CaseLister, 'listCases'> & Pick<CustomerDirectory, 'findCustomer'>;

const casesWithStatus = async (store: OpenCaseStore, status: CaseStatus) => {
  const found: Case[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listCases({ status, limit: 100, ...(cursor && { cursor }) });
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor && found.length < MAX_PER_STATUS);
  return { found, truncated: cursor !== undefined };
};

export const nextDeadline = (c: Case): { dueAt: string; clock: string } | undefined =>
  Object.values(c.sla?.clocks ?? {})
    .filter((clock) => clock?.state === 'running' && clock.dueAt)
    .map((clock) => ({ dueAt: clock?.dueAt ?? '', clock: clock?.name ?? '' }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];

/** Overdue first (earliest deadline), then cases without a running clock, oldest first. */
export const byTimeToBreach = (a: OpenCase, b: OpenCase): number => {
  if (a.dueAt && b.dueAt) return Date.parse(a.dueAt) - Date.parse(b.dueAt);
  if (a.dueAt || b.dueAt) return a.dueAt ? -1 : 1;
  return Date.parse(a.case.openedAt) - Date.parse(b.case.openedAt);
};

/** The identities a search text could be: an e-mail, a phone number (also as a WhatsApp id). */
const identitiesOf = (search: string): Identity[] => {
  if (search.includes('@') && !search.startsWith('@')) return [{ kind: 'email', value: search.toLowerCase() }];
  const digits = search.replace(/[\s().+-]/g, '');
  if (/^\d{6,15}$/.test(digits)) {
    return [
      { kind: 'phone', value: `+${digits}` },
      { kind: 'whatsapp', value: digits },
    ];
  }
  return [];
};

const searchMatcher = async (store: OpenCaseStore, search: string): Promise<(c: Case) => boolean> => {
  const text = search.trim();
  const handle = text.replace(/^@/, '').toLowerCase();
  const identities = identitiesOf(text);
  const customer = identities.length > 0 ? await store.findCustomer(identities) : undefined;
  return (c) => c.customerId === customer?.id || (c.customerHandle ?? '').replace(/^@/, '').toLowerCase() === handle;
};

export const listOpenCases = async (
  store: OpenCaseStore,
  filter: OpenCaseFilter = {},
): Promise<{ readonly cases: readonly OpenCase[]; readonly truncated: boolean }> => {
  const statuses = filter.status ? OPEN_STATUSES.filter((s) => s === filter.status) : OPEN_STATUSES;
  const [listed, matchesSearch] = await Promise.all([
    Promise.all(statuses.map((status) => casesWithStatus(store, status))),
    filter.search?.trim() ? searchMatcher(store, filter.search) : undefined,
  ]);
  const wanted = (c: Case) =>
    (!filter.channel || c.channels.includes(filter.channel)) &&
    (!filter.priority || c.priority === filter.priority) &&
    (!filter.assignee || (filter.assignee === 'none' ? !c.assignee : c.assignee === filter.assignee)) &&
    (!matchesSearch || matchesSearch(c));
  const cases = listed
    .flatMap((l) => l.found)
    .filter(wanted)
    .map((c) => ({ case: c, ...nextDeadline(c) }))
    .sort(byTimeToBreach);
  return { cases, truncated: listed.some((l) => l.truncated) };
};
