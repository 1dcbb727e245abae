/**
 * Case identity on each platform, end to end with its official payload shapes: a case is one
 * customer's conversation, never the brand post they all answer under. Each test uses people and
 * message ids of its own, so the tests run side by side on one stack with a 10-second first-response
 * target whose alerts go to a local webhook receiver.
 */

import { afterAll, beforeAll, describe, it } from 'vitest';
import type { CaseView } from '../../functions/use-cases/read-cases.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  until,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { PLATFORMS, type PlatformShapes, storeOf, type Written } from './case-identity.support.ts';
import { viewOf } from './intake-platforms.support.ts';

// Long enough that the brand's answer to Alice, posted a second after her message, is stored before her
// deadline even when the suite's start-up loads both cores.
const FIRST_RESPONSE_MS = 10_000;
/** Room for the timer and alert queues and the HTTP delivery on a busy machine. */
const SLACK_MS = 15_000;

let stack: TestStack;
let receiver: AlertReceiver;
let store: ReturnType<typeof storeOf>;

beforeAll(async () => {
  receiver = await startAlertReceiver();
  const config = writeEscalationConfig(
    receiver.url,
    { firstResponse: `PT${FIRST_RESPONSE_MS / 1000}S`, resolution: 'PT10M' },
    [{ notify: ['pager'] }],
  );
  stack = await startTestStack({
    configPath: config,
    sweepEveryMs: 5_000,
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
  });
  store = storeOf(stack);
});

afterAll(async () => {
  store?.close();
  await stack?.stop();
  receiver?.server.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whole seconds (X and Meta stamp seconds), at least a second in the past so that `+ 1 s` is not in the future. */
const startOfScenario = (): Date => new Date(Math.floor(Date.now() / 1000) * 1000 - 1_000);
const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

/** The case holding this platform message once it satisfies `ready`, as GET /cases/{id} shows it. */
const caseHolding = async (
  platform: PlatformShapes,
  platformMessageId: string,
  ready: (view: CaseView) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<CaseView> => {
  const deadline = Date.now() + timeoutMs;
  let last: CaseView | undefined;
  while (Date.now() < deadline) {
    const message = await store.store.findMessage(platform.channel, platformMessageId);
    if (message) {
      last = await viewOf(stack, message.caseId);
      if (ready(last)) return last;
    }
    await sleep(200);
  }
  throw new Error(
    `no case holding ${platform.channel} message ${platformMessageId} became ready in ${timeoutMs} ms: ${JSON.stringify(last?.case)}`,
  );
};

const answered = (view: CaseView) => view.case.answeredBy !== undefined;
const alertsFor = (caseId: string) => receiver.received.filter((alert) => alert.data.caseId === caseId);
const identityOf = (platform: PlatformShapes, personId: string) => ({ kind: platform.channel, value: personId });

// The platforms run side by side too: each test waits mostly for its deadline, and three platforms
// one after another made this the suite's longest file (60 s).
describe.concurrent.each(PLATFORMS)('case identity on $name', (platform) => {
  it('gives two customers under one brand post two cases; answering one leaves the other escalating at its deadline', async ({
    expect,
  }) => {
    // Prepare
    const [alice, bob] = [platform.newPerson(), platform.newPerson()];
    const fromAlice: Written = { id: platform.newId(), author: alice };
    const fromBob: Written = { id: platform.newId(), author: bob };
    const answerId = platform.newId();
    const wrote = startOfScenario();

    // Act
    await platform.post(stack, platform.underBrandPost(alice, fromAlice.id, wrote));
    await platform.post(stack, platform.underBrandPost(bob, fromBob.id, wrote));
    await platform.post(stack, platform.brandReply(answerId, fromAlice, plus(wrote, 1)));
    const aliceCase = await caseHolding(platform, fromAlice.id, answered);
    const bobCase = await caseHolding(platform, fromBob.id);
    await until(() => alertsFor(bobCase.case.id).length > 0, FIRST_RESPONSE_MS + SLACK_MS);
    // Had Alice's case been left unanswered, its alert would come with Bob's.
    await sleep(3_000);

    // Assess: two cases, one per customer
    expect(aliceCase.case.id).not.toBe(bobCase.case.id);
    expect(aliceCase.customer?.identities).toContainEqual(identityOf(platform, alice.id));
    expect(bobCase.customer?.identities).toContainEqual(identityOf(platform, bob.id));
    expect(aliceCase.customer?.identities).not.toContainEqual(identityOf(platform, bob.id));
    // Assess: the brand's answer is in Alice's case and answers it
    expect(aliceCase.messages.map((m) => [m.platformMessageId, m.direction])).toEqual([
      [fromAlice.id, 'inbound'],
      [answerId, 'outbound'],
    ]);
    expect(aliceCase.case).toMatchObject({ status: 'responded', answeredBy: { platformMessageId: answerId } });
    expect(alertsFor(aliceCase.case.id)).toEqual([]);
    // Assess: Bob's case is still his, unanswered, and paged at its deadline
    const bobNow = await viewOf(stack, bobCase.case.id);
    expect(bobNow.messages.map((m) => m.platformMessageId)).toEqual([fromBob.id]);
    expect(bobNow.case.status).toBe('open');
    expect(bobNow.case.firstResponseAt).toBeUndefined();
    const [breach] = alertsFor(bobCase.case.id);
    expect(breach).toMatchObject({ type: 'sundown.case.breached', data: { level: 1 } });
    expect(Date.parse(breach?.data.dueAt ?? '')).toBe(wrote.getTime() + FIRST_RESPONSE_MS);
  }, 60_000);

  it("makes another person's reply under a customer's message that person's own case", async ({ expect }) => {
    // Prepare
    const [customer, bystander] = [platform.newPerson(), platform.newPerson()];
    const complaint: Written = { id: platform.newId(), author: customer };
    const remarkId = platform.newId();
    const wrote = startOfScenario();
    await platform.post(stack, platform.underBrandPost(customer, complaint.id, wrote));

    // Act
    await platform.post(stack, platform.replyTo(bystander, remarkId, complaint, plus(wrote, 1)));
    const remarkCase = await caseHolding(platform, remarkId);
    const complaintCase = await caseHolding(platform, complaint.id);

    // Assess
    expect(remarkCase.case.id).not.toBe(complaintCase.case.id);
    expect(remarkCase.customer?.identities).toContainEqual(identityOf(platform, bystander.id));
    expect(remarkCase.messages.map((m) => [m.platformMessageId, m.direction])).toEqual([[remarkId, 'inbound']]);
    expect(complaintCase.customer?.identities).toContainEqual(identityOf(platform, customer.id));
    expect(complaintCase.messages.map((m) => m.platformMessageId)).toEqual([complaint.id]);
    // The bystander's words are no answer to the customer.
    expect(complaintCase.case.firstResponseAt).toBeUndefined();
    expect(complaintCase.otherCases).toEqual([]);
  }, 60_000);

  it("puts a brand reply that arrives before the message it answers in the customer's case, answered, with no case of its own", async ({
    expect,
  }) => {
    // Prepare
    const customer = platform.newPerson();
    const complaint: Written = { id: platform.newId(), author: customer };
    const answerId = platform.newId();
    const wrote = startOfScenario();
    await platform.post(stack, platform.brandReply(answerId, complaint, plus(wrote, 1)));
    await stack.drained();

    // Act
    await platform.post(stack, platform.underBrandPost(customer, complaint.id, wrote));
    const complaintCase = await caseHolding(platform, complaint.id, answered);

    // Assess
    expect(complaintCase.messages.map((m) => [m.platformMessageId, m.direction])).toEqual([
      [complaint.id, 'inbound'],
      [answerId, 'outbound'],
    ]);
    expect(complaintCase.case).toMatchObject({
      status: 'responded',
      openedAt: wrote.toISOString(),
      firstResponseAt: plus(wrote, 1).toISOString(),
      answeredBy: { platformMessageId: answerId },
    });
    expect((await caseHolding(platform, answerId)).case.id).toBe(complaintCase.case.id);
    expect(complaintCase.otherCases).toEqual([]);
    expect(stack.bus.events.filter((e) => e.type === 'CaseOpened' && e.caseId === complaintCase.case.id)).toHaveLength(
      1,
    );
  }, 60_000);

  it.runIf(platform.brandDm)(
    'makes a public complaint answered by direct message one case, answered',
    async ({ expect }) => {
      // Prepare
      const customer = platform.newPerson();
      const complaint: Written = { id: platform.newId(), author: customer };
      const dmId = platform.newId();
      const wrote = startOfScenario();
      await platform.post(stack, platform.underBrandPost(customer, complaint.id, wrote));
      await caseHolding(platform, complaint.id);

      // Act
      await platform.post(stack, platform.brandDm?.(dmId, customer, plus(wrote, 1)) ?? {});
      const complaintCase = await caseHolding(platform, complaint.id, answered);

      // Assess
      expect(complaintCase.messages.map((m) => [m.platformMessageId, m.direction])).toEqual([
        [complaint.id, 'inbound'],
        [dmId, 'outbound'],
      ]);
      expect(complaintCase.case).toMatchObject({
        status: 'responded',
        channels: ['x'],
        answeredBy: { platformMessageId: dmId },
      });
      expect((await caseHolding(platform, dmId)).case.id).toBe(complaintCase.case.id);
      expect(complaintCase.otherCases).toEqual([]);
    },
    60_000,
  );
});
