/**
 * The local dashboard's data: every case someone still owes an answer or a resolution, the one
 * closest to breaching (or longest overdue) first, each with a signed link to its case page.
 */
import { signLink } from '../functions/alerts/links.ts';
import type { Case, CaseStatus } from '../functions/domain/case.ts';
import type { CaseStore } from '../functions/ports.ts';

export const OPEN_STATUSES: readonly CaseStatus[] = ['open', 'responded', 'waiting_on_customer'];

/** Enough for a demo; the dashboard says when it shows fewer than there are. */
const MAX_PER_STATUS = 500;

export interface DashboardRow {
  readonly id: string;
  readonly channel: string;
  readonly customer: string;
  readonly subject: string;
  readonly priority: string;
  readonly status: string;
  /** Earliest deadline among the running SLA clocks; absent when no clock runs. */
  readonly dueAt?: string;
  readonly clock?: string;
  /** Highest level alerted by an escalation still running; 0 when none runs. */
  readonly escalationLevel: number;
  /** Alert deliveries of running escalations that did not reach their target: `level 1 pager failed`. */
  readonly deliveryProblems: readonly string[];
  readonly suppressed: boolean;
  /** Absent when no link-signing secret is configured. */
  readonly viewUrl?: string;
}

export interface DashboardData {
  readonly now: string;
  readonly cases: readonly DashboardRow[];
  readonly truncated: boolean;
}

const casesWithStatus = async (store: CaseStore, status: CaseStatus) => {
  const found: Case[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listCases({ status, limit: 100, ...(cursor && { cursor }) });
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor && found.length < MAX_PER_STATUS);
  return { found, truncated: cursor !== undefined };
};

const nextDeadline = (c: Case): { dueAt: string; clock: string } | undefined =>
  Object.values(c.sla?.clocks ?? {})
    .filter((clock) => clock?.state === 'running' && clock.dueAt)
    .map((clock) => ({ dueAt: clock?.dueAt ?? '', clock: clock?.name ?? '' }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];

/** Overdue first (earliest deadline), then cases without a running clock, oldest first. */
export const byTimeToBreach = (a: DashboardRow & { openedAt: string }, b: DashboardRow & { openedAt: string }) => {
  if (a.dueAt && b.dueAt) return Date.parse(a.dueAt) - Date.parse(b.dueAt);
  if (a.dueAt || b.dueAt) return a.dueAt ? -1 : 1;
  return Date.parse(a.openedAt) - Date.parse(b.openedAt);
};

export const dashboardData = async (
  store: CaseStore,
  options: {
    readonly now: Date;
    readonly baseUrl: string;
    readonly linkSecret?: string;
    readonly linkTtlMs: number;
    /** The case's link epoch (revoking its links bumps it). @default 0 */
    readonly linkEpoch?: (caseId: string) => Promise<number>;
  },
): Promise<DashboardData> => {
  const listed = await Promise.all(OPEN_STATUSES.map((status) => casesWithStatus(store, status)));
  const expiresAt = new Date(options.now.getTime() + options.linkTtlMs);
  const found = listed.flatMap((l) => l.found);
  const epochs = new Map(
    await Promise.all(found.map(async (c) => [c.id, (await options.linkEpoch?.(c.id)) ?? 0] as const)),
  );
  const rows = found
    .map((c) => {
      const deadline = nextDeadline(c);
      const running = (c.escalations ?? []).filter((e) => !e.endedAt);
      return {
        id: c.id,
        openedAt: c.openedAt,
        channel: c.channels.at(-1) ?? 'other',
        customer: c.customerName ?? c.customerHandle ?? c.customerId,
        subject: c.subject,
        priority: c.priority,
        status: c.status,
        ...deadline,
        escalationLevel: Math.max(0, ...running.map((e) => e.level)),
        deliveryProblems: running.flatMap((e) =>
          (e.deliveries ?? [])
            .filter((d) => d.state !== 'delivered')
            .map((d) => `level ${d.level} ${d.fallback ? 'fallback ' : ''}${d.target} ${d.state}`),
        ),
        suppressed: c.suppressed !== undefined,
        ...(options.linkSecret && {
          viewUrl: signLink({
            baseUrl: options.baseUrl,
            caseId: c.id,
            action: 'view',
            audience: 'dashboard',
            epoch: epochs.get(c.id) ?? 0,
            expiresAt,
            secret: options.linkSecret,
          }),
        }),
      };
    })
    .sort(byTimeToBreach)
    .map(({ openedAt: _openedAt, ...row }) => row);
  return { now: options.now.toISOString(), cases: rows, truncated: listed.some((l) => l.truncated) };
};
