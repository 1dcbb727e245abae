/**
 * The local dashboard's data: every case someone still owes an answer or a resolution, the one
 * closest to breaching (or longest overdue) first, each with a signed link to its case page.
 */
import { signLink } from '../functions/alerts/links.ts';
import type { CaseStore } from '../functions/ports.ts';
import { listOpenCases, type OpenCaseFilter } from '../functions/use-cases/open-cases.ts';

export interface DashboardRow {
  readonly id: string;
  readonly channel: string;
  readonly customer: string;
  readonly subject: string;
  readonly priority: string;
  readonly status: string;
  /** Who took the case; absent while nobody has. */
  readonly assignee?: string;
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

export const dashboardData = async (
  store: CaseStore,
  options: {
    readonly now: Date;
    readonly baseUrl: string;
    readonly linkSecret?: string;
    readonly linkTtlMs: number;
    /** The case's link epoch (revoking its links bumps it). @default 0 */
    readonly linkEpoch?: (caseId: string) => Promise<number>;
    readonly filter?: OpenCaseFilter;
  },
): Promise<DashboardData> => {
  const listed = await listOpenCases(store, options.filter);
  const expiresAt = new Date(options.now.getTime() + options.linkTtlMs);
  const found = listed.cases.map((open) => open.case);
  const epochs = new Map(
    await Promise.all(found.map(async (c) => [c.id, (await options.linkEpoch?.(c.id)) ?? 0] as const)),
  );
  const rows = listed.cases.map(({ case: c, dueAt, clock }) => {
    const running = (c.escalations ?? []).filter((e) => !e.endedAt);
    return {
      id: c.id,
      channel: c.channels.at(-1) ?? 'other',
      customer: c.customerName ?? c.customerHandle ?? c.customerId,
      subject: c.subject,
      priority: c.priority,
      status: c.status,
      ...(c.assignee && { assignee: c.assignee }),
      ...(dueAt && clock && { dueAt, clock }),
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
  });
  return { now: options.now.toISOString(), cases: rows, truncated: listed.truncated };
};
