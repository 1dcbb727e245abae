/**
 * Sundown's promise as a property, on the real intake use case and DynamoDB Local: generated
 * conversations of several customers on a public X thread they share and on WhatsApp, with brand
 * replies (real, failed, automated, addressed or only replying), edits, deletes and duplicates,
 * delivered in two random orders (one of them concurrently) must give, in both orders, the cases
 * and clocks a small reference model predicts: one case per customer holding all their messages,
 * answered exactly by their real brand replies, every customer message answered or with a clock
 * running on it, and no case without messages.
 */
import fc from 'fast-check';
import { monotonicFactory } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoFeedbackStore } from '../../functions/adapters/dynamodb/feedback-store.ts';
import { DynamoOutbox } from '../../functions/adapters/dynamodb/outbox.ts';
import { DynamoTimerIndex } from '../../functions/adapters/dynamodb/timer-index.ts';
import { DynamoWindowCounters } from '../../functions/adapters/dynamodb/window-counters.ts';
import { type SundownConfig, sundownConfigSchema } from '../../functions/config/schema.ts';
import type { Case, CaseDetail } from '../../functions/domain/case.ts';
import { type InboundEvent, inboundEventSchema } from '../../functions/domain/inbound-event.ts';
import { type IngestDeps, ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { freshTable, type TestTable } from '../support/dynamo.ts';
import { propertyRuns } from '../support/runs.ts';
import { FixedClock, RecordingAlertQueue, RecordingPublisher } from './triage-support.ts';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const NOW = new Date(T0 + 3 * 3600_000).toISOString();
const at = (second: number) => new Date(T0 + second * 1000).toISOString();

const config: SundownConfig = sundownConfigSchema.parse({
  brand: { id: 'acme', name: 'Acme', timeZone: 'UTC' },
  accounts: [
    { channel: 'x', id: 'brand-x', handle: 'Acme' },
    { channel: 'whatsapp', id: 'brand-wa' },
  ],
  cases: { notAnswers: { automatedPatterns: ['^auto-reply'] } },
  sla: { policies: [{ name: 'all', firstResponse: 'PT15M', nextResponse: 'PT30M', escalation: 'social' }] },
  escalationChains: { social: { levels: [{ notify: ['console'] }] } },
  targets: { console: { type: 'console' } },
});

// Scenario ------------------------------------------------------------------------------------

type Channel = 'x' | 'whatsapp';
interface CustomerMessage {
  readonly customer: number;
  readonly index: number;
  readonly channel: Channel;
  readonly second: number;
  readonly edited: boolean;
  readonly deleted: boolean;
}
interface BrandReply {
  readonly customer: number;
  readonly index: number;
  /** The customer message it replies to (index into that customer's messages). */
  readonly repliesTo: number;
  readonly delay: number;
  readonly outcome: 'real' | 'failed' | 'automated';
  /** Names its customer; otherwise it only replies to the message, and waits for it if it is not there yet. */
  readonly addressed: boolean;
}
interface Scenario {
  readonly messages: readonly CustomerMessage[];
  readonly replies: readonly BrandReply[];
}

const customerMessages = (customer: number) =>
  fc
    .array(
      fc.record({
        channel: fc.constantFrom<Channel>('x', 'whatsapp'),
        second: fc.integer({ min: 0, max: 1800 }),
        edited: fc.boolean(),
        deleted: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((specs) => specs.map((spec, index) => ({ ...spec, customer, index })));

const scenarios: fc.Arbitrary<Scenario> = fc
  .integer({ min: 1, max: 3 })
  .chain((customers) => fc.tuple(...Array.from({ length: customers }, (_, c) => customerMessages(c))))
  .chain((perCustomer) => {
    const messages = perCustomer.flat();
    const reply = fc.record({
      message: fc.constantFrom(...messages),
      delay: fc.integer({ min: 0, max: 900 }),
      outcome: fc.constantFrom<BrandReply['outcome']>('real', 'real', 'failed', 'automated'),
      addressed: fc.boolean(),
    });
    return fc.array(reply, { maxLength: 4 }).map((replies) => ({
      messages,
      replies: replies.map(({ message, outcome, ...rest }, index) => ({
        customer: message.customer,
        index,
        repliesTo: message.index,
        // X reports no failed sends: a reply on X that was posted is posted.
        outcome: message.channel === 'x' && outcome === 'failed' ? 'real' : outcome,
        ...rest,
      })),
    }));
  });

// Events, as the normalisers queue them ---------------------------------------------------------

const ids = (run: string, customer: number) => ({ x: `${run}-x-${customer}`, wa: `${run}-wa-${customer}` });

const event = (fields: Partial<InboundEvent> & Pick<InboundEvent, 'eventId' | 'platformMessageId'>): InboundEvent =>
  inboundEventSchema.parse({
    version: 1,
    platform: 'x',
    channel: 'x',
    action: 'message',
    brandAccount: 'brand-x',
    threadKey: 'brand-post-1',
    direction: 'inbound',
    author: { id: 'nobody' },
    identities: [],
    text: '',
    occurredAt: NOW,
    receivedAt: NOW,
    raw: '{}',
    ...fields,
  });

const messageId = (run: string, m: { customer: number; index: number }) => `${run}-m-${m.customer}-${m.index}`;
const replyId = (run: string, r: { customer: number; index: number }) => `${run}-r-${r.customer}-${r.index}`;

const messageOf = (scenario: Scenario, r: BrandReply) =>
  scenario.messages.find((m) => m.customer === r.customer && m.index === r.repliesTo) as CustomerMessage;

const eventsOf = (scenario: Scenario, run: string): InboundEvent[] => {
  const events: InboundEvent[] = [];
  for (const m of scenario.messages) {
    const who = ids(run, m.customer);
    const id = messageId(run, m);
    const onX = m.channel === 'x';
    const base = {
      platform: onX ? ('x' as const) : ('meta' as const),
      channel: m.channel,
      brandAccount: onX ? 'brand-x' : 'brand-wa',
      // Every customer on X answers the same brand post: a thread of many customers.
      threadKey: onX ? 'brand-post-1' : `wa:${who.wa}`,
      platformMessageId: id,
      author: { id: onX ? who.x : who.wa, name: `Customer ${m.customer}` },
      // WhatsApp customers are known by their X account too: the same person on two channels.
      identities: onX ? [] : [{ kind: 'x' as const, value: who.x }],
    };
    events.push(
      event({ ...base, eventId: `${m.channel}:message:${id}`, text: `help ${id}`, occurredAt: at(m.second) }),
    );
    if (m.edited) {
      events.push(
        event({
          ...base,
          action: 'edit',
          eventId: `${m.channel}:edit:${id}`,
          text: `edited ${id}`,
          occurredAt: at(m.second + 60),
        }),
      );
    }
    if (m.deleted) {
      events.push(
        event({ ...base, action: 'delete', eventId: `${m.channel}:delete:${id}`, occurredAt: at(m.second + 90) }),
      );
    }
  }
  for (const r of scenario.replies) {
    const replied = messageOf(scenario, r);
    const who = ids(run, r.customer);
    const id = replyId(run, r);
    const second = replied.second + r.delay;
    if (replied.channel === 'whatsapp' && r.outcome !== 'automated') {
      // The brand's WhatsApp messages are seen as statuses; a failed one is first reported sent.
      const status = (deliveryStatus: string) =>
        event({
          platform: 'meta',
          channel: 'whatsapp',
          action: 'status',
          brandAccount: 'brand-wa',
          threadKey: `wa:${who.wa}`,
          platformMessageId: id,
          eventId: `whatsapp:status:${id}:${deliveryStatus}`,
          direction: 'outbound',
          author: { id: 'brand-wa' },
          identities: [{ kind: 'whatsapp', value: who.wa }],
          deliveryStatus,
          occurredAt: at(second),
        });
      events.push(status('sent'));
      if (r.outcome === 'failed') events.push(status('failed'));
      continue;
    }
    const onX = replied.channel === 'x';
    events.push(
      event({
        platform: onX ? 'x' : 'meta',
        channel: replied.channel,
        brandAccount: onX ? 'brand-x' : 'brand-wa',
        threadKey: onX ? 'brand-post-1' : `wa:${who.wa}`,
        platformMessageId: id,
        eventId: `${replied.channel}:message:${id}`,
        direction: 'outbound',
        author: { id: onX ? 'brand-x' : 'brand-wa', handle: 'Acme' },
        identities: r.addressed ? [{ kind: onX ? 'x' : 'whatsapp', value: onX ? who.x : who.wa }] : [],
        inReplyTo: messageId(run, replied),
        text: r.outcome === 'automated' ? 'Auto-reply: thanks for reaching out' : `sorry ${id}`,
        occurredAt: at(second),
      }),
    );
  }
  return events;
};

// The reference model --------------------------------------------------------------------------

interface Expected {
  readonly messageIds: readonly string[];
  readonly firstResponseAt?: string;
  readonly awaitingResponseSince?: string;
  readonly status: 'open' | 'responded';
}

const expectedCase = (scenario: Scenario, run: string, customer: number): Expected => {
  const mine = scenario.messages.filter((m) => m.customer === customer);
  const replies = scenario.replies.filter((r) => r.customer === customer);
  const inbound = mine.map((m) => at(m.second)).sort();
  const answers = replies
    .filter((r) => r.outcome === 'real')
    .map((r) => at(messageOf(scenario, r).second + r.delay))
    .sort();
  const firstInbound = inbound[0] ?? '';
  const firstResponseAt = answers.find((a) => a >= firstInbound);
  const lastAnswer = answers.at(-1);
  const awaitingResponseSince = inbound.find((i) => lastAnswer === undefined || i > lastAnswer);
  return {
    messageIds: [...mine.map((m) => messageId(run, m)), ...replies.map((r) => replyId(run, r))].sort(),
    ...(firstResponseAt && { firstResponseAt }),
    ...(awaitingResponseSince && { awaitingResponseSince }),
    status: firstResponseAt ? 'responded' : 'open',
  };
};

// Harness --------------------------------------------------------------------------------------

let table: TestTable;
let runs = 0;
beforeAll(async () => {
  table = await freshTable();
});

const harness = (): IngestDeps => {
  const { tableName, documentClient: client } = table;
  return {
    store: new DynamoCaseStore({ client, tableName }),
    publisher: new RecordingPublisher(),
    outbox: new DynamoOutbox({ client, tableName }),
    clock: new FixedClock(new Date(NOW)),
    config,
    newId: monotonicFactory(),
    timerQueue: { send: async () => undefined },
    timerIndex: new DynamoTimerIndex({ client, tableName }),
    alertQueue: new RecordingAlertQueue(),
    counters: new DynamoWindowCounters({ client, tableName }),
    feedback: new DynamoFeedbackStore({ client, tableName }),
  };
};

const deliver = async (events: readonly InboundEvent[], deps: IngestDeps, concurrently: boolean) => {
  if (!concurrently) {
    for (const e of events) await ingestInboundEvent(e, deps);
    return;
  }
  for (let i = 0; i < events.length; i += 4) {
    await Promise.all(events.slice(i, i + 4).map((e) => ingestInboundEvent(e, deps)));
  }
};

/** Every case of the run's customers, found through each customer's first message. */
const casesOf = async (scenario: Scenario, run: string, deps: IngestDeps): Promise<Map<number, CaseDetail[]>> => {
  const byCustomer = new Map<number, CaseDetail[]>();
  for (const customer of new Set(scenario.messages.map((m) => m.customer))) {
    const first = scenario.messages.find((m) => m.customer === customer) as CustomerMessage;
    const stored = await deps.store.findMessage(first.channel, messageId(run, first));
    const theCase = stored && (await deps.store.getCase(stored.caseId));
    const cases = theCase ? await deps.store.listCustomerCases(theCase.customerId) : [];
    const details = await Promise.all(cases.map((c) => deps.store.getCaseDetail(c.id)));
    byCustomer.set(
      customer,
      details.filter((d): d is CaseDetail => d !== undefined),
    );
  }
  return byCustomer;
};

/**
 * What must not depend on arrival order: the case's conversation state and its clocks. A
 * next-response wait that opened and closed entirely out of order (the customer's second message
 * and its answer both arrived before the first answer) leaves no stopped next-response run in the
 * record: the case keeps only the latest wait, not the history to rebuild earlier ones. Live
 * next-response clocks (the ones that escalate) are compared.
 */
const snapshot = (c: Case) => ({
  status: c.status,
  messageCount: c.messageCount,
  channels: [...c.channels].sort(),
  firstInboundAt: c.firstInboundAt,
  firstResponseAt: c.firstResponseAt,
  awaitingResponseSince: c.awaitingResponseSince,
  clocks: Object.fromEntries(
    Object.entries(c.sla?.clocks ?? {})
      .filter(([name, clock]) => name !== 'nextResponse' || clock?.state !== 'stopped')
      .map(([name, clock]) => [
        name,
        clock && {
          state: clock.state,
          startedAt: clock.startedAt,
          dueAt: clock.dueAt,
          ...(clock.state === 'stopped' && { stoppedAt: clock.stoppedAt }),
        },
      ]),
  ),
});

const checkAgainstModel = async (scenario: Scenario, run: string, deps: IngestDeps) => {
  const byCustomer = await casesOf(scenario, run, deps);
  const snapshots: ReturnType<typeof snapshot>[] = [];
  for (const [customer, details] of byCustomer) {
    // One case per customer, holding every message of theirs and every reply to them.
    expect(details).toHaveLength(1);
    const [detail] = details as [CaseDetail];
    const expected = expectedCase(scenario, run, customer);
    expect(detail.messages.map((m) => m.platformMessageId).sort()).toEqual(expected.messageIds);
    expect(detail.case.messageCount).toBe(detail.messages.length);
    expect(detail.case.firstResponseAt).toBe(expected.firstResponseAt);
    expect(detail.case.awaitingResponseSince).toBe(expected.awaitingResponseSince);
    expect(detail.case.status).toBe(expected.status);
    // Edits and deletions that arrived before their message were applied when it came.
    for (const m of scenario.messages.filter((m) => m.customer === customer)) {
      const stored = detail.messages.find((s) => s.platformMessageId === messageId(run, m));
      expect(stored?.text).toBe(m.edited ? `edited ${messageId(run, m)}` : `help ${messageId(run, m)}`);
      expect(stored?.deletedAt).toBe(m.deleted ? at(m.second + 90) : undefined);
    }
    // The promise: every customer message is answered by a real brand reply, or a clock runs on it.
    const clocks = detail.case.sla?.clocks;
    for (const m of detail.messages.filter((s) => s.direction === 'inbound')) {
      const answered = expected.firstResponseAt !== undefined && (expected.awaitingResponseSince ?? '~') > m.sentAt;
      const watched = [clocks?.firstResponse, clocks?.nextResponse].some(
        (clock) => clock?.state === 'running' && clock.startedAt <= m.sentAt,
      );
      expect(
        answered || watched,
        `message ${m.platformMessageId} neither answered nor watched: ${JSON.stringify(clocks)} ${JSON.stringify(detail.case.progress)}`,
      ).toBe(true);
    }
    snapshots.push(snapshot(detail.case));
  }
  return snapshots;
};

describe('a case is one customer’s conversation, whatever the arrival order', () => {
  it('gives the reference model’s cases and clocks for generated conversations in two random orders', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarios,
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        fc.nat(),
        async (scenario, duplicates, firstSeed, secondSeed) => {
          const results = [];
          for (const [seed, concurrently] of [
            [firstSeed, false],
            [secondSeed, true],
          ] as const) {
            const run = `run${++runs}`;
            const events = eventsOf(scenario, run);
            // Platforms redeliver: some events come again.
            const delivered = [...events, ...events.slice(0, duplicates)];
            const shuffled = fc.sample(fc.shuffledSubarray(delivered, { minLength: delivered.length }), {
              seed,
              numRuns: 1,
            })[0] as InboundEvent[];
            const deps = harness();
            await deliver(shuffled, deps, concurrently);
            results.push(await checkAgainstModel(scenario, run, deps));
          }
          expect(results[1]).toEqual(results[0]);
        },
      ),
      {
        numRuns: propertyRuns(8, 60),
        endOnFailure: true,
        ...(process.env.MODEL_SEED && { seed: Number(process.env.MODEL_SEED) }),
      },
    );
  }, 600_000);
});
