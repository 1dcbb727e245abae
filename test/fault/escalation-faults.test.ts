/**
 * Escalation while things fail, on the local stack with waits of seconds: cases breach while
 * DynamoDB calls (timer worker, sweeper, alert worker) and queue sends fail at a seeded rate,
 * and the alert target refuses, hangs up or takes alerts without answering, then recovers.
 * Every due escalation step fires once (one alert id, delivered, recorded once on the case);
 * repeats reach the target only as retries of the same alert id, which Standard Webhooks
 * receivers drop; nothing answered in time fires.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient, sqs } from '../../functions/adapters/aws-clients.ts';
import type { AuditEntry, Case } from '../../functions/domain/case.ts';
import { signInbound } from '../fixtures/build.ts';
import { ALERT_SECRET, until } from '../support/alert-receiver.ts';
import { type FaultInjector, injectFaults } from '../support/faults.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';
import { type FlakyReceiver, startFlakyReceiver } from './flaky-receiver.ts';
import { inParallel, queueTools, readTable, sleep } from './ledger.ts';

const SEED = Number(process.env.FAULT_SEED ?? 20261124);
const UNANSWERED = 12;
const ANSWERED = 6;
/** First response due 8 s after the customer wrote; level 2 five seconds after level 1. */
const DEADLINE_MS = 8_000;
/** How long the target misbehaves once the faults start. */
const OUTAGE_MS = 14_000;

/**
 * sundown.config.json with a first policy (`fault`) that every case matches and a two-level chain
 * to the receiver; the rest of the file is kept, so everything it refers to still exists.
 */
const escalationConfig = (receiverUrl: string): string => {
  const config = JSON.parse(readFileSync(new URL('../../sundown.config.json', import.meta.url), 'utf8'));
  const secret = 'TEST_ALERT_WEBHOOK_SECRET';
  config.sla.policies = [
    { name: 'fault', escalation: 'fault', firstResponse: 'PT8S', resolution: 'PT10M' },
    ...config.sla.policies,
  ];
  config.escalationChains.fault = { levels: [{ notify: ['pager'] }, { notify: ['manager'], after: 'PT5S' }] };
  config.targets = {
    ...config.targets,
    pager: { type: 'webhook', url: receiverUrl, secret },
    manager: { type: 'webhook', url: `${receiverUrl}/manager`, secret },
  };
  const path = join(tmpdir(), `sundown-escalation-faults-${process.pid}-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
};

/**
 * A failed claim take or release strands the claim for its 60 s lease: the alert is late, not
 * lost (on AWS the alert queue retries for 24 minutes), but the test would wait a minute for it.
 * Those two writes are spared; every other call of the alert worker, timer worker and sweeper
 * may fail.
 */
const takesOrGivesUpClaim = (input: Record<string, unknown>): boolean => {
  const key = (input.Item ?? input.Key) as { pk?: unknown } | undefined;
  return String(key?.pk).startsWith('EVENT#claim:') && 'ConditionExpression' in input;
};

let stack: TestStack;
let receiver: FlakyReceiver;
let tools: ReturnType<typeof queueTools>;
const injectors: FaultInjector[] = [];

beforeAll(async () => {
  receiver = await startFlakyReceiver(SEED);
  const config = escalationConfig(receiver.url);
  stack = await startTestStack({
    configPath: config,
    sweepEveryMs: 5_000,
    // Every injected fault is logged as an error otherwise; the test prints its own summary.
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET, POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
  });
  tools = queueTools(stack);
  // Retries come back in seconds; an alert only after its 5 s delivery timeout has passed.
  await tools.setVisibilityTimeout(stack.queues.intake.url, 3);
  await tools.setVisibilityTimeout(stack.queues.timers.url, 3);
  await tools.setVisibilityTimeout(stack.queues.alerts.url, 7);
});

afterAll(async () => {
  for (const injector of injectors) injector.stop();
  tools?.destroy();
  await stack?.stop();
  await receiver?.stop();
});

const postChat = async (conversation: string, direction: 'inbound' | 'outbound') => {
  const at = new Date().toISOString();
  const body = JSON.stringify({
    type: 'message.created',
    timestamp: at,
    data: {
      conversationId: conversation,
      messageId: `${conversation}-${direction}`,
      direction,
      occurredAt: at,
      text: direction === 'inbound' ? 'my flight was cancelled and nobody answers' : 'We are on it',
      customer: { email: `${conversation}@example.com`, name: `Customer ${conversation}` },
      ...(direction === 'outbound' && { agent: { id: 'agent-1' } }),
    },
  });
  const headers = signInbound(
    body,
    TEST_SECRETS.INBOUND_WEBHOOK_SECRET,
    `msg_${conversation}_${direction}`,
    new Date(),
  );
  const { status } = await stack.post('/webhooks/inbound/chat', body, headers);
  if (status !== 200) throw new Error(`${direction} message for ${conversation} answered ${status}`);
};

/**
 * A sweep run with no cursor yet looks back an hour: some 250 queries that must all succeed
 * before it records any progress, which at this fault rate never happens, so nothing it alone
 * hands over (an escalation timer whose direct hand-over failed) would fire. A deployment is
 * past its first sweep; so is this test before the faults start.
 */
const waitForSweepCursor = async () => {
  const hasCursor = async () => ((await readTable(stack)).get('other') ?? []).some((item) => item.pk === 'SWEEP');
  const deadline = Date.now() + 20_000;
  while (!(await hasCursor())) {
    if (Date.now() > deadline) throw new Error('the sweeper did not finish a run in 20 s');
    await sleep(250);
  }
};

const casesByCustomer = async (): Promise<Map<string, Case>> => {
  const { json } = await stack.get('/cases?limit=100');
  return new Map((json as { items: Case[] }).items.map((c) => [c.customerName ?? '', c]));
};

/** How many of these conversations' cases hold the brand's reply. */
const repliesStored = async (conversations: readonly string[]): Promise<number> => {
  const cases = await casesByCustomer();
  let stored = 0;
  for (const conversation of conversations) {
    const id = cases.get(`Customer ${conversation}`)?.id;
    if (!id) continue;
    const { json } = await stack.get(`/cases/${id}`);
    if ((json as { audit: AuditEntry[] }).audit.some((a) => a.type === 'message.sent')) stored += 1;
  }
  return stored;
};

describe('escalation while DynamoDB, SQS and the alert target fail', () => {
  it('fires every due escalation step once and nothing for cases answered in time', { timeout: 150_000 }, async () => {
    // Prepare: the sweeper has finished its first run (a deployment's steady state; see below).
    await waitForSweepCursor();
    // Customers write; some are answered at once.
    const unanswered = Array.from({ length: UNANSWERED }, (_, i) => `fault-open-${i}`);
    const answered = Array.from({ length: ANSWERED }, (_, i) => `fault-answered-${i}`);
    await inParallel(answered, 6, async (conversation) => {
      await postChat(conversation, 'inbound');
      await postChat(conversation, 'outbound');
    });
    // The replies are stored before the faults start, so a busy machine cannot make them late.
    for (const deadline = Date.now() + 20_000; (await repliesStored(answered)) < answered.length; await sleep(250)) {
      if (Date.now() > deadline) throw new Error('the brand replies were not stored within 20 s');
    }
    await inParallel(unanswered, 6, (conversation) => postChat(conversation, 'inbound'));

    // Act: the faults, from intake through both levels of every chain.
    injectors.push(
      injectFaults(dynamoDocumentClient(), 'dynamodb', {
        seed: SEED,
        rate: 0.05,
        kinds: ['throttle', 'timeout', 'reset', 'afterSuccess', 'latency'],
        applies: ({ input }) => !takesOrGivesUpClaim(input),
      }),
      injectFaults(sqs(), 'sqs', {
        seed: SEED + 1,
        rate: 0.1,
        kinds: ['throttle', 'timeout', 'afterSuccess', 'partialBatch'],
        applies: ({ command }) => command === 'SendMessageBatchCommand',
      }),
    );
    receiver.failing = true;
    setTimeout(() => {
      receiver.failing = false;
    }, OUTAGE_MS);
    const expectedAlerts = UNANSWERED * 2;
    // Counted for the unanswered cases only: an answered case whose reply was stored after its
    // deadline (intake retried under the faults) rightly alerts too, and is judged below.
    const unansweredNames = new Set(unanswered.map((conversation) => `Customer ${conversation}`));
    const unansweredAlertIds = () =>
      new Set(
        receiver.received.filter((r) => unansweredNames.has(r.data.customer.name ?? '')).map((r) => r.data.alertId),
      );
    // An intake message that failed under the faults is retried after the queue's 30 s visibility
    // timeout, so its case opens, breaches and walks both levels about 40 s in: more under a full
    // suite's load.
    await until(() => unansweredAlertIds().size >= expectedAlerts, 75_000);
    const firedUnderFaults = unansweredAlertIds().size;
    for (const injector of injectors) injector.stop();
    // Room for anything that should not come: a third alert, or one for an answered case.
    await sleep(4_000);
    const parked = {
      timers: await tools.redrive(stack.queues.timers.dlqUrl, stack.queues.timers.url),
      alerts: await tools.redrive(stack.queues.alerts.dlqUrl, stack.queues.alerts.url),
    };

    // Assess: the faults happened.
    const [dynamo, queues] = injectors;
    /** What the target received so far, each alert id with its copies in arrival order. */
    const copiesById = () => {
      const byId = new Map<string, typeof receiver.received>();
      for (const r of receiver.received) byId.set(r.data.alertId, [...(byId.get(r.data.alertId) ?? []), r]);
      return byId;
    };
    const byId = copiesById();
    const duplicates = receiver.received.length - byId.size;
    console.log(
      `escalation faults (seed ${SEED}): DynamoDB ${JSON.stringify(dynamo?.injected)}, ` +
        `SQS ${JSON.stringify(queues?.injected)}, target ${JSON.stringify(receiver.failures)}; ` +
        `${byId.size} alerts (${firedUnderFaults} while the faults lasted), ${duplicates} repeated deliveries; ` +
        `parked and redriven ${JSON.stringify(parked)}`,
    );
    expect(dynamo?.total()).toBeGreaterThan(0);
    expect(receiver.failures.refused + receiver.failures.hungUp).toBeGreaterThan(0);
    expect(receiver.rejected).toEqual([]);

    // Assess: level 1 and level 2, once each, for every unanswered case; nothing for the others.
    for (const conversation of unanswered) {
      const caseId = (await casesByCustomer()).get(`Customer ${conversation}`)?.id;
      expect(caseId, `${conversation}: no case opened`).toBeDefined();
      // A delivery whose record write failed is recorded on the alert queue's retry, after its
      // visibility timeout: wait for the audit to settle (bounded) before judging it.
      const auditOf = async () => ((await stack.get(`/cases/${caseId}`)).json as { audit?: AuditEntry[] }).audit ?? [];
      let audit = await auditOf();
      for (let wait = 0; wait < 30 && audit.filter((a) => a.type === 'escalation.alerted').length < 2; wait++) {
        await sleep(1_000);
        audit = await auditOf();
      }
      const why = JSON.stringify(audit.map((a) => [a.type, a.at, a.detail?.level]));
      // Read after the audit settled: a level delivered on the queue's retry arrives as late as that.
      const alerts = [...copiesById().values()].map((copies) => copies[0]).filter((r) => r?.data.caseId === caseId);
      expect(alerts.map((a) => [a?.data.level, a?.path]).sort(), `${conversation}: ${why}`).toEqual([
        [1, '/alerts'],
        [2, '/alerts/manager'],
      ]);
      expect(audit.filter((a) => a.type === 'sla.breached')).toHaveLength(1);
      // Once each; a level whose record write failed is recorded on the queue's retry, possibly after the next level.
      expect(
        audit
          .filter((a) => a.type === 'escalation.alerted')
          .map((a) => a.detail?.level)
          .sort(),
      ).toEqual([1, 2]);
    }
    // Answered in time: the brand's reply was stored before the deadline (a reply stored later may rightly alert).
    const inTime: string[] = [];
    const cases = await casesByCustomer();
    for (const conversation of answered) {
      const stored = cases.get(`Customer ${conversation}`);
      const { json } = await stack.get(`/cases/${stored?.id}`);
      const sent = (json as { audit: AuditEntry[] }).audit.find((a) => a.type === 'message.sent');
      const startedAt = stored?.sla?.clocks.firstResponse?.startedAt ?? '';
      if (sent && Date.parse(sent.at) < Date.parse(startedAt) + DEADLINE_MS) inTime.push(`Customer ${conversation}`);
    }
    expect(inTime.length).toBeGreaterThan(ANSWERED / 2);
    expect(receiver.received.filter((r) => inTime.includes(r.data.customer.name ?? ''))).toEqual([]);
    // A repeat is the same alert sent again (same webhook-id, same content), never a second firing.
    for (const copies of byId.values()) {
      expect(new Set(copies.map((c) => c.webhookId))).toEqual(new Set([copies[0]?.data.alertId]));
      expect(new Set(copies.map((c) => JSON.stringify([c.type, c.data.level, c.data.escalationId])))).toHaveProperty(
        'size',
        1,
      );
    }
    expect(parked).toEqual({ timers: 0, alerts: 0 });
    expect(firedUnderFaults).toBe(expectedAlerts);
  });
});
