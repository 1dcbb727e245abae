/** `sundown cases list|show|revoke-links`: the cases API's reads, straight from the table of the target. */
import { userInfo } from 'node:os';
import { monotonicFactory } from 'ulid';
import { DynamoLinkLedger } from '../functions/adapters/dynamodb/link-ledger.ts';
import { CASE_STATUSES, type CaseStatus } from '../functions/domain/case.ts';
import { CLOCK_NAMES } from '../functions/domain/sla/clock-table.ts';
import type { ClockState } from '../functions/domain/sla/types.ts';
import { viewCase } from '../functions/use-cases/read-cases.ts';
import { CliError, type Io, json, table, truncate, when } from './output.ts';
import type { Target } from './target.ts';

export const parseStatus = (status: string | undefined): CaseStatus | undefined => {
  if (status === undefined) return undefined;
  if (!CASE_STATUSES.includes(status as CaseStatus)) {
    throw new CliError(`--status must be one of ${CASE_STATUSES.join(', ')}, got "${status}"`);
  }
  return status as CaseStatus;
};

export const casesList = async (
  io: Io,
  target: Target,
  options: { status?: string; limit?: number; json?: boolean },
): Promise<number> => {
  const page = await target.store.listCases({
    ...(options.status && { status: parseStatus(options.status) }),
    limit: options.limit ?? 20,
  });
  if (options.json) {
    io.out(json(page));
    return 0;
  }
  if (page.items.length === 0) {
    io.out(`No cases${options.status ? ` with status ${options.status}` : ''}.`);
    return 0;
  }
  const rows = page.items.map((c) => ({
    id: c.id,
    status: c.status,
    priority: c.priority,
    channels: c.channels.join(','),
    opened: when(c.openedAt),
    customer: c.customerHandle ?? c.customerName ?? c.customerId,
    subject: truncate(c.subject, 50),
  }));
  io.out(table(rows, ['id', 'status', 'priority', 'channels', 'opened', 'customer', 'subject']));
  if (page.cursor) io.out(`(more: raise --limit to see more than ${page.items.length})`);
  return 0;
};

const clockLine = (clock: ClockState): string => {
  const outcome =
    clock.met === true
      ? 'met'
      : clock.breachedAt
        ? `breached at ${when(clock.breachedAt)}`
        : clock.state === 'running'
          ? `due ${when(clock.dueAt)}`
          : clock.state;
  return `  ${clock.name.padEnd(14)} ${clock.target.padEnd(8)} ${clock.state.padEnd(8)} ${outcome}`;
};

export const casesShow = async (io: Io, target: Target, options: { id: string; json?: boolean }): Promise<number> => {
  const view = await viewCase(target.store, options.id);
  if (!view) throw new CliError(`no case ${options.id} on the ${target.label}`);
  if (options.json) {
    io.out(json(view));
    return 0;
  }
  const c = view.case;
  const lines = [
    `Case ${c.id}: ${c.status}, ${c.priority} priority, on ${c.channels.join(', ')}`,
    `  customer   ${c.customerName ?? ''} ${c.customerHandle ? `(${c.customerHandle})` : ''} [${c.customerId}]`,
    `  subject    ${c.subject}`,
    `  opened     ${when(c.openedAt)}   first response ${when(c.firstResponseAt) || '-'}   resolved ${when(c.resolvedAt) || '-'}`,
    ...(c.sentiment
      ? [`  sentiment  first ${c.sentiment.first.toFixed(2)}, latest ${c.sentiment.latest.toFixed(2)}`]
      : []),
    '',
    `Clocks${c.sla ? ` (policy ${c.sla.policy})` : ': no SLA policy applies'}`,
    ...CLOCK_NAMES.flatMap((name) => c.sla?.clocks[name] ?? []).map(clockLine),
    '',
    `Transcript (${view.messages.length} messages)`,
    ...view.messages.map(
      (m) =>
        `  ${when(m.sentAt)} ${m.direction === 'inbound' ? '<' : '>'} ${m.channel} ${m.author.handle ?? m.author.name ?? m.author.id}: ${m.text}${m.deletedAt ? ' [deleted]' : ''}`,
    ),
    '',
    `Audit (${view.audit.length} entries)`,
    ...view.audit.map((a) => `  ${when(a.at)} ${a.type} by ${a.actor}`),
  ];
  io.out(lines.join('\n'));
  return 0;
};

/** `cases revoke-links <id>`: every link of the case signed so far stops working; new alerts carry new ones. */
export const casesRevokeLinks = async (
  io: Io,
  target: Target,
  options: { id: string; json?: boolean; actor?: string },
): Promise<number> => {
  const ledger = new DynamoLinkLedger({
    client: target.dynamo,
    tableName: target.tableName,
    clock: { now: () => new Date() },
    newId: monotonicFactory(),
  });
  const epoch = await ledger.revoke(options.id, `cli:${options.actor ?? userInfo().username}`);
  if (epoch === undefined) throw new CliError(`no case ${options.id} on the ${target.label}`);
  io.out(
    options.json
      ? json({ caseId: options.id, linkEpoch: epoch })
      : `Revoked every link of case ${options.id} (link epoch now ${epoch}); links in new alerts work.`,
  );
  return 0;
};
