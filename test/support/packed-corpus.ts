/**
 * What the DynamoDB adapter deflates, from cases the use cases build on the in-memory adapters:
 * customers' first messages normalized from the platform samples, follow-ups, a breached
 * first response fired (escalated, with its audit and the events its marker keeps), the brand's
 * answer, the resolution. Every write's items are built with items.ts as the adapter builds
 * them (case-writes.ts), and each deflated attribute is one entry.
 */

import {
  type Applied,
  auditItems,
  caseItem,
  caseMarkerItem,
  type Item,
  markerItem,
  messageItem,
  messageRefItem,
} from '../../functions/adapters/dynamodb/items.ts';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import type { AuditEntry, Message } from '../../functions/domain/case.ts';
import { type InboundEvent, inboundEventSchema } from '../../functions/domain/inbound-event.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { metaPlatform } from '../../functions/platforms/meta/index.ts';
import { xPlatform } from '../../functions/platforms/x/index.ts';
import type { CreateCaseInput, SaveCaseInput } from '../../functions/ports.ts';
import { resolveCase } from '../../functions/use-cases/case-actions.ts';
import { fireTimer } from '../../functions/use-cases/fire-timer.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { messengerMessage, whatsappBatch, xAaaCustomerPost } from '../fixtures/derived-samples.ts';
import { sampleJson } from '../fixtures/samples.ts';
import { type TriageHarness, triageHarness } from '../use-cases/triage-support.ts';

/** One deflated attribute of one item: `what` says which write and attribute it came from. */
export interface PackedEntry {
  readonly what: string;
  readonly item: Item;
  readonly attribute: string;
}

const config = readSundownConfigFile(new URL('../../sundown.config.json', import.meta.url).pathname);
const T0 = '2026-03-02T10:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(T0) + n * 60_000).toISOString();

/** A customer's first message on each platform, as its normalizer turns the sample. */
const firstMessages = (): InboundEvent[] => {
  const context = { receivedAt: T0, accounts: config.accounts };
  return [
    ...xPlatform.normalize(xAaaCustomerPost(), context).events,
    ...xPlatform.normalize(sampleJson('x-xaa-post.mention.create.json'), context).events,
    ...xPlatform.normalize(sampleJson('x-aaa-direct_message_events.json'), context).events,
    ...metaPlatform.normalize(messengerMessage(), context).events,
    ...metaPlatform.normalize(whatsappBatch(), context).events,
  ]
    .filter((event) => event.action === 'message' && event.direction === 'inbound')
    .map((event) => inboundEventSchema.parse({ ...event, occurredAt: T0, receivedAt: T0 }));
};

/** The same conversation's next message, `n` minutes in: a new id, text and time. */
const followUp = (first: InboundEvent, n: number, text: string, direction = first.direction): InboundEvent => ({
  ...first,
  eventId: `${first.eventId}-${n}`,
  platformMessageId: `${first.platformMessageId}-${n}`,
  direction,
  text,
  occurredAt: minutes(n),
  receivedAt: minutes(n),
});

type Write =
  | { readonly kind: 'create'; readonly input: CreateCaseInput }
  | { readonly kind: 'save'; readonly input: SaveCaseInput };

/** Every case write the harness's store takes, in order. */
const recordWrites = (harness: TriageHarness): Write[] => {
  const store = harness.deps.store;
  const writes: Write[] = [];
  const create = store.createCase.bind(store);
  const save = store.saveCase.bind(store);
  store.createCase = (input) => {
    writes.push({ kind: 'create', input });
    return create(input);
  };
  store.saveCase = (input) => {
    writes.push({ kind: 'save', input });
    return save(input);
  };
  return writes;
};

/** Every timer the harness's writes put in the due-time index, in order. */
const recordTimers = (harness: TriageHarness): Timer[] => {
  const index = harness.memory.timerIndex;
  const put = index.put.bind(index);
  const timers: Timer[] = [];
  index.put = (batch) => {
    timers.push(...batch);
    put(batch);
  };
  return timers;
};

/** Fires the put timers in due order, each at its time, through `until` (those its firings put too). */
const fireThrough = async (harness: TriageHarness, timers: readonly Timer[], until: string): Promise<void> => {
  const fired = new Set<string>();
  const keyOf = (timer: Timer) => `${timer.dueAt}#${timer.key}`;
  for (;;) {
    const next = timers
      .filter((timer) => timer.dueAt <= until && !fired.has(keyOf(timer)))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    if (!next) return;
    fired.add(keyOf(next));
    harness.clock.set(next.dueAt);
    await fireTimer(next, { ...harness.deps, claims: harness.memory.claims });
  }
};

/** The deflated attributes of one write's items, as case-writes.ts puts them. */
const entriesOf = (write: Write, step: string): PackedEntry[] => {
  const { input } = write;
  const age = `${step} v${input.case.version}`;
  const entries: PackedEntry[] = [{ what: `case ${age}`, item: caseItem(input.case), attribute: 'body' }];
  const audit: readonly AuditEntry[] = input.audit ?? [];
  const message: Message | undefined =
    write.kind === 'create'
      ? write.input.message
      : write.input.message?.kind === 'put'
        ? write.input.message.message
        : undefined;
  const applied: Applied | undefined = input.idempotencyKey
    ? { idempotencyKey: input.idempotencyKey, at: new Date(input.case.updatedAt), events: input.eventsOnMarker ?? [] }
    : undefined;
  const add = (what: string, item: Item, attribute: string) => {
    if (item[attribute] !== undefined) entries.push({ what: `${what} ${age}`, item, attribute });
  };
  if (message) {
    add('message audit', messageItem(message, audit), 'audit');
    if (applied) add('msgref events', messageRefItem(message, applied, { attempt: 'a', claimedAt: T0 }), 'events');
    return entries;
  }
  const inCase = write.kind === 'save' && write.input.markerInCase === true;
  if (applied && inCase) {
    const marker = caseMarkerItem(applied, input.case.id, audit);
    add('marker audit', marker, 'audit');
    add('marker events', marker, 'events');
    return entries;
  }
  if (applied) add('marker events', markerItem(applied, input.case.id), 'events');
  for (const item of auditItems(audit)) add('audit group', item, 'entries');
  return entries;
};

/** Each platform's conversation through its life: opened, written to, breached and escalated, answered, resolved. */
export const packedCorpus = async (): Promise<PackedEntry[]> => {
  const corpus: PackedEntry[] = [];
  for (const first of firstMessages()) {
    const harness = await triageHarness(config, T0);
    const writes = recordWrites(harness);
    const timers = recordTimers(harness);
    const taken = () => writes.splice(0);
    const opened = await ingestInboundEvent(first, harness.deps);
    const caseId = opened.caseId ?? '';
    corpus.push(...taken().flatMap((write) => entriesOf(write, 'opened')));
    for (const [n, text] of [
      [1, 'Any news? I ordered three weeks ago and the tracking page has not changed since.'],
      [3, 'This is the third time I ask. Order 48213, please.'],
      [4, 'Still nothing?'],
    ] as const) {
      harness.clock.set(minutes(n));
      await ingestInboundEvent(followUp(first, n, text), harness.deps);
    }
    corpus.push(...taken().flatMap((write) => entriesOf(write, 'messages')));
    const dueAt = (await harness.deps.store.getCase(caseId))?.sla?.clocks.firstResponse?.dueAt ?? T0;
    await fireThrough(harness, timers, new Date(Date.parse(dueAt) + 30 * 60_000).toISOString());
    corpus.push(...taken().flatMap((write) => entriesOf(write, 'breached')));
    const answeredAt = Date.parse(dueAt) + 5 * 60_000;
    harness.clock.set(new Date(answeredAt).toISOString());
    const answer = followUp(
      first,
      (answeredAt - Date.parse(T0)) / 60_000,
      'Sorry for the wait, we are on it.',
      'outbound',
    );
    await ingestInboundEvent({ ...answer, author: { id: first.brandAccount, name: 'Brand' } }, harness.deps);
    corpus.push(...taken().flatMap((write) => entriesOf(write, 'answered')));
    harness.clock.set(new Date(answeredAt + 30 * 60_000).toISOString());
    await resolveCase(caseId, { who: 'ann', via: 'slack' }, harness.deps);
    corpus.push(...taken().flatMap((write) => entriesOf(write, 'resolved')));
  }
  return corpus;
};
