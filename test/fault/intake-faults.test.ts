/**
 * Intake under failing AWS calls, through the real local stack: DynamoDB and SQS calls throttle,
 * time out, drop the connection or lose the answer to a write that happened, at a seeded rate,
 * while 150 signed webhooks arrive (300 in npm run test:scale), some twice. Platforms re-send
 * what was not answered 200; the operator redrives the intake DLQ once the faults are over. At
 * the end every accepted webhook is exactly one message in exactly one case, and every case's
 * CaseOpened event reached the bus through the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient, sqs } from '../../functions/adapters/aws-clients.ts';
import { DynamoOutbox } from '../../functions/adapters/dynamodb/outbox.ts';
import { relayOutbox } from '../../functions/use-cases/relay-outbox.ts';
import { type FaultInjector, injectFaults, seededRandom } from '../support/faults.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { scenarioSize } from '../support/runs.ts';
import { inParallel, queueTools, type Row, readTable, sleep } from './ledger.ts';
import { chat, messengerPair, type Webhook, xDm } from './webhooks.ts';

const SEED = Number(process.env.FAULT_SEED ?? 20261123);
const MAX_ATTEMPTS = 30;

/**
 * X DM and chat conversations of three messages, and half as many Messenger conversations of three
 * posts of two: 20 each in npm test (150 webhooks, 180 messages, 50 conversations), 40 in npm run
 * test:scale (300 webhooks, 360 messages, 100 conversations).
 */
const THREADS = scenarioSize(20, 40);
const webhooks: Webhook[] = [];
for (let thread = 0; thread < THREADS; thread++) {
  for (let message = 0; message < 3; message++) webhooks.push(xDm(thread, message), chat(thread, message));
}
for (let thread = 0; thread < THREADS / 2; thread++) {
  for (let pair = 0; pair < 3; pair++) webhooks.push(messengerPair(thread, pair));
}

describe('intake while DynamoDB and SQS fail', () => {
  let stack: TestStack;
  let tools: ReturnType<typeof queueTools>;
  let dynamoFaults: FaultInjector;
  let sqsFaults: FaultInjector;

  beforeAll(async () => {
    // Every injected fault is logged as an error otherwise; the test prints its own summary.
    stack = await startTestStack({ env: { POWERTOOLS_LOG_LEVEL: 'CRITICAL' } });
    tools = queueTools(stack);
    // Retries come back in seconds, not the stack's 30 s, so the test ends in time.
    await tools.setVisibilityTimeout(stack.queues.intake.url, 5);
  });

  afterAll(async () => {
    dynamoFaults?.stop();
    sqsFaults?.stop();
    tools?.destroy();
    await stack?.stop();
  });

  it('turns every accepted webhook into exactly one message in exactly one case, with none lost', {
    timeout: 180_000,
  }, async () => {
    // Prepare: shuffled deliveries, one in five sent twice.
    const pick = seededRandom(SEED);
    const deliveries = webhooks.flatMap((webhook) => (pick() < 0.2 ? [webhook, webhook] : [webhook]));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(pick() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j] as Webhook, deliveries[i] as Webhook];
    }
    dynamoFaults = injectFaults(dynamoDocumentClient(), 'dynamodb', {
      seed: SEED,
      rate: 0.04,
      kinds: ['throttle', 'timeout', 'reset', 'afterSuccess', 'latency'],
    });
    sqsFaults = injectFaults(sqs(), 'sqs', {
      seed: SEED + 1,
      rate: 0.08,
      kinds: ['throttle', 'timeout', 'reset', 'afterSuccess', 'latency', 'partialBatch'],
      applies: ({ command }) =>
        [
          'SendMessageBatchCommand',
          'SendMessageCommand',
          'DeleteMessageBatchCommand',
          'ReceiveMessageCommand',
        ].includes(command),
    });

    // Act: deliver 8 at a time; re-send what was not answered 200, as platforms do.
    const statuses = new Map<number, number>();
    const accepted = new Set<Webhook>();
    await inParallel(deliveries, 8, async (webhook) => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const { status } = await stack.post(webhook.path, webhook.body, webhook.headers());
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) {
          accepted.add(webhook);
          return;
        }
        if (status < 500) return;
        await sleep(20 * attempt);
      }
    });
    await stack.drained(120_000);
    dynamoFaults.stop();
    sqsFaults.stop();
    const redriven = await tools.redrive(stack.queues.intake.dlqUrl, stack.queues.intake.url);
    await stack.drained(60_000);

    // Assess: the faults happened, and the receiver answered only 200 or 5xx.
    console.log(
      `intake faults (seed ${SEED}): DynamoDB ${JSON.stringify(dynamoFaults.injected)}, ` +
        `SQS ${JSON.stringify(sqsFaults.injected)}; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `redriven from the DLQ ${redriven}`,
    );
    expect(dynamoFaults.injected.afterSuccess).toBeGreaterThan(0);
    expect(dynamoFaults.injected.throttle).toBeGreaterThan(0);
    expect(sqsFaults.injected.afterSuccess + sqsFaults.injected.partialBatch).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((status) => status !== 200 && status < 500)).toEqual([]);
    // A delivery SQS stored only part of is answered 503 (not_queued), so the platform retries it.
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(accepted.size).toBe(webhooks.length);

    // Assess: every message stored once, in its conversation's one case, none extra.
    const table = await readTable(stack);
    const messages = table.get('message') ?? [];
    const cases = new Map((table.get('case') ?? []).map((c) => [String(c.id), c]));
    const key = (m: Row) => `${m.channel}:${m.platformMessageId}`;
    const expected = webhooks.flatMap((w) => w.messages.map((message) => ({ message, thread: w.thread })));
    expect(messages.map(key).sort()).toEqual(expected.map((e) => e.message).sort());
    const caseOf = new Map(messages.map((m) => [key(m), String(m.caseId)]));
    const threads = new Map<string, Set<string>>();
    for (const { message, thread } of expected) {
      threads.set(thread, (threads.get(thread) ?? new Set()).add(caseOf.get(message) ?? 'missing'));
    }
    expect([...threads.values()].filter((caseIds) => caseIds.size !== 1)).toEqual([]);
    expect(cases.size).toBe(threads.size);
    for (const [caseId, stored] of cases) {
      expect(stored.messageCount).toBe(messages.filter((m) => m.caseId === caseId).length);
    }
    const refs = table.get('msgref') ?? [];
    expect(refs).toHaveLength(expected.length);
    expect(refs.every((ref) => cases.has(String(ref.caseId)))).toBe(true);
    const opened = (table.get('audit') ?? []).filter((a) => a.type === 'case.opened');
    expect(opened.map((a) => a.caseId).sort()).toEqual([...cases.keys()].sort());

    // Assess: nothing left behind or parked.
    expect(await stack.queueDepth(stack.queues.intake.url)).toBe(0);
    expect(await stack.queueDepth(stack.queues.intake.dlqUrl)).toBe(0);

    // Assess: once the sweeper's relay has run (as it would two minutes later), every case has had
    // exactly one CaseOpened on the bus; a relayed copy carries the same id, so distinct ids count.
    const later = { now: () => new Date(Date.now() + 2 * 60_000) };
    const outbox = new DynamoOutbox({ client: dynamoDocumentClient(), tableName: stack.tableName });
    const relayed = await relayOutbox({ outbox, publisher: stack.bus, clock: later });
    const openedIds = new Map<string, Set<string>>();
    for (const event of stack.bus.events.filter((e) => e.type === 'CaseOpened')) {
      openedIds.set(event.caseId, (openedIds.get(event.caseId) ?? new Set()).add(event.id));
    }
    expect([...cases.keys()].filter((caseId) => openedIds.get(caseId)?.size !== 1)).toEqual([]);
    expect([...openedIds.keys()].filter((caseId) => !cases.has(caseId))).toEqual([]);
    expect(await outbox.pending(later.now(), 10)).toEqual([]);
    const copies = stack.bus.events.filter((e) => e.type === 'CaseOpened').length;
    console.log(
      `CaseOpened for ${openedIds.size} of ${cases.size} cases (${copies} publications, ` +
        `${relayed.relayed} events relayed at the end)`,
    );
  });
});
