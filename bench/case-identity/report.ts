/** The case-identity benchmark's tables and the checks the "Done when" asks for. */

import { attributeSize } from '../meter/aws-rules.ts';
import { count, ms, perSecond, table } from '../support/figures.ts';
import type { MessageCost } from './message-n.ts';
import type { Tally } from './request-meter.ts';
import type { ViralPostFigures } from './viral-post.ts';

const sum = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0);
const units = (value: number): string => (Number.isInteger(value) ? count(value) : value.toFixed(1));
const listed = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

export const viralPostTable = (figures: ViralPostFigures, concurrency: number): string => {
  const { writes } = figures;
  const applied = writes.created + writes.saved;
  const conflicts = writes.failures.VersionConflictError ?? 0;
  const taken = writes.failures.ConversationTakenError ?? 0;
  const other = sum(writes.failures) - conflicts - taken;
  return table(
    `Viral post: ${count(figures.commenters)} distinct commenters on one brand Facebook post (official page-feed comment shape), receiver ${concurrency} at once, processor ${concurrency} batches of ≤ 10 at once`,
    ['Figure', 'Value'],
    [
      ['Comments delivered (receiver answered 200)', `${count(figures.commenters)} in ${ms(figures.receiverMs)}`],
      ['**Cases created** (case items in the table)', count(figures.cases)],
      ['Distinct customers among them', count(figures.customers)],
      ['Messages stored in them (sum of messageCount)', count(figures.messages)],
      ['**Records failed** (batch item failures)', count(figures.failedRecords)],
      ['Redeliveries (records received more than once)', count(figures.redeliveries)],
      ['Processor invocations / records received', `${count(figures.invocations)} / ${count(figures.recordsReceived)}`],
      [
        'Left on the intake queue',
        figures.timedOut ? `${count(figures.intakeLeft)} (gave up)` : count(figures.intakeLeft),
      ],
      ['**Intake DLQ depth**', count(figures.deadLetters)],
      ['Case writes that succeeded (created / saved)', `${count(writes.created)} / ${count(writes.saved)}`],
      [
        '**Version conflicts** (VersionConflictError)',
        `${count(conflicts)} (${(conflicts / Math.max(applied, 1)).toFixed(2)} per applied message)`,
      ],
      ['Conversation already taken (ConversationTakenError)', count(taken)],
      ['Other failed case writes', other === 0 ? '0' : listed(writes.failures)],
      [
        '**Messages applied per second** (drain)',
        `${perSecond(applied, figures.drainMs)} (${count(applied)} in ${ms(figures.drainMs)})`,
      ],
    ],
  );
};

const CHECKPOINTS = [1, 10, 100, 1000];

const row = ({ n, tally, failed }: MessageCost): string[] => [
  count(n),
  count(sum(tally.requests)),
  count(tally.itemsRead),
  units(tally.readUnits),
  `${count(tally.caseItemBytes)} B`,
  count(tally.itemsWritten),
  units(tally.writeUnits),
  units(tally.indexWriteUnits),
  failed + tally.failed === 0 ? '0' : `${failed} records, ${tally.failed} requests`,
];

export const messageNTable = (costs: readonly MessageCost[]): string => {
  const last = costs.length;
  const shown = costs.filter(({ n }) => CHECKPOINTS.includes(n) || n === last || n === 2);
  return table(
    `Read cost of message N: one customer's N comments on the brand post, all in one case; what the intake processor asks of DynamoDB for comment N, priced by AWS rules from the requests it sends`,
    [
      'N',
      'Requests',
      'Items read',
      'Read units',
      'Case item',
      'Items written',
      'Write units',
      'GSI write units',
      'Failed',
    ],
    shown.map(row),
  );
};

const range = (costs: readonly MessageCost[], figure: (tally: Tally) => number): string => {
  const values = costs.map(({ tally }) => figure(tally));
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return low === high ? units(low) : `${units(low)} to ${units(high)}`;
};

export const messageNLines = (costs: readonly MessageCost[]): string[] => {
  const joined = costs.filter(({ n }) => n >= 2);
  const last = costs.at(-1);
  const first = costs[0];
  const lines: string[] = [];
  if (first) {
    lines.push(`Message 1 (opens the case): ${listed(first.tally.requests)}; writes: ${listed(first.tally.writes)}.`);
  }
  if (last && last.n > 1) {
    lines.push(`Message ${count(last.n)}: ${listed(last.tally.requests)}; writes: ${listed(last.tally.writes)}.`);
  }
  if (joined.length > 0) {
    lines.push(
      `Every message from 2 to ${count(last?.n ?? 0)}: requests ${range(joined, (t) => sum(t.requests))}, items read ${range(joined, (t) => t.itemsRead)}, read units ${range(joined, (t) => t.readUnits)}, case item ${range(joined, (t) => t.caseItemBytes)} bytes, write units ${range(joined, (t) => t.writeUnits)} (GSI ${range(joined, (t) => t.indexWriteUnits)}).`,
    );
  }
  const grown = growth(joined[0]?.tally.caseItem, last?.tally.caseItem);
  if (grown) lines.push(`Case item attributes that grew from message 2 to ${count(last?.n ?? 0)}: ${grown}.`);
  return lines;
};

/** The case item's attributes that are larger in `after` than in `before`, with their sizes. */
const growth = (before?: Record<string, unknown>, after?: Record<string, unknown>): string | undefined => {
  if (!before || !after) return undefined;
  const grown = Object.entries(after)
    .map(([name, value]) => {
      const was = name in before ? attributeSize(name, before[name]) : 0;
      return { name, was, now: attributeSize(name, value) };
    })
    .filter(({ was, now }) => now > was + 8)
    .sort((a, b) => b.now - b.was - (a.now - a.was));
  return grown.length === 0
    ? undefined
    : grown.map(({ name, was, now }) => `${name} ${count(was)} → ${count(now)} B`).join(', ');
};

/** Message N reads what message 2 reads: no figure grows with the conversation. */
export const isFlat = (costs: readonly MessageCost[]): boolean => {
  const joined = costs.filter(({ n }) => n >= 2);
  const base = joined[0]?.tally;
  if (!base) return true;
  return joined.every(({ tally }) => tally.itemsRead <= base.itemsRead && tally.readUnits <= base.readUnits);
};
