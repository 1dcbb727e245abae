/**
 * Every DynamoDB item a kind of inbound event writes, per event: which request wrote it (inside a
 * transaction or not), how big it was, and the item and index write units it cost. Built from
 * the meter's priced calls, so it sums to the usage table's write units.
 */

import { itemSize } from '../meter/aws-rules.ts';
import type { DynamoCall, ItemWrite } from '../meter/dynamodb.ts';
import { table } from '../support/figures.ts';

interface Row {
  writes: number;
  bytes: number;
  units: number;
  indexUnits: number;
}

/**
 * An item's kind: its `entity` tag, else the first segment of its key. A message ref that is its
 * event's marker says so, and so does a message item or a marker that holds its write's audit entries.
 */
const entityOf = (write: ItemWrite): string => {
  const item = write.after ?? write.before;
  const tagged = item?.entity;
  if (tagged === 'msgref' && item?.idempotencyKey !== undefined) return 'msgref + event marker';
  if ((tagged === 'message' || tagged === 'event') && item?.audit !== undefined) return `${tagged} + audit`;
  if (typeof tagged === 'string') return tagged;
  return `${String(write.key.pk).split('#')[0]}${write.key.sk === '#SWEPT' ? ' checkpoint' : ''}`.toLowerCase();
};

const requestOf = (call: DynamoCall, write: ItemWrite): string =>
  `${call.command.replace(/Command$/, '')} ${write.kind}${call.failed ? ' (failed)' : ''}`;

export class WriteBreakdown {
  #rows = new Map<string, Row>();

  record(call: DynamoCall): void {
    for (const write of call.writes) {
      const name = `${entityOf(write)}\u0000${requestOf(call, write)}`;
      const row = this.#rows.get(name) ?? { writes: 0, bytes: 0, units: 0, indexUnits: 0 };
      row.writes += 1;
      row.bytes += Math.max(itemSize(write.before), itemSize(write.after));
      row.units += write.units;
      row.indexUnits += write.indexUnits;
      this.#rows.set(name, row);
    }
  }

  /** The rows recorded since the last take, per event (or other unit), and start again. */
  take(label: string, events: number, unit = 'event'): string {
    const rows = [...this.#rows.entries()].sort(([a], [b]) => a.localeCompare(b));
    this.#rows = new Map();
    const per = (value: number) => (value / events).toFixed(2);
    const total = rows.reduce((sum, [, row]) => sum + row.units + row.indexUnits, 0);
    return table(
      `${label}: items written per ${unit} (${per(total)} write units)`,
      ['Item', 'Request', 'Items', 'Mean bytes', 'WCU item', 'WCU index'],
      rows.map(([name, row]) => {
        const [entity = '', request = ''] = name.split('\u0000');
        return [
          entity,
          request,
          per(row.writes),
          String(Math.round(row.bytes / row.writes)),
          per(row.units),
          per(row.indexUnits),
        ];
      }),
    );
  }
}
