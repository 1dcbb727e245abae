/**
 * Two copies of one escalation step (the same step sent twice to the alert queue, as SQS's
 * at-least-once delivery or a timer that fired twice leaves it) delivered by two alert-worker
 * invocations at once, on the local stack: the claims in DynamoDB Local, both copies through the
 * SQS emulator. Level 1 notifies the pager and the desk. The pager refuses copy A, so copy B
 * takes the pager's claim and sends there (the desk is A's, so B leaves it); then the desk
 * refuses A too. A has seen both targets fail while B is still sending to the pager: the level
 * has not failed, and level 2 must not be paged. The receiver answers each request when the test
 * says, so every run takes the same turns.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SendMessageBatchRequest, SendMessageCommand, type SendMessageRequest } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient, sqs } from '../../functions/adapters/aws-clients.ts';
import { DynamoClaims } from '../../functions/adapters/dynamodb/claims.ts';
import type { AuditEntry, Case } from '../../functions/domain/case.ts';
import type { AlertJob, AlertStep } from '../../functions/domain/queue-messages.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  startAlertReceiver,
  writeEscalationConfig,
} from '../support/alert-receiver.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { sleep } from './ledger.ts';
import { chat } from './webhooks.ts';

/** How long the test waits for each turn (a request, a claim, a write) before it fails. */
const TURN_MS = 15_000;
/** After the pager took B's copy: time for a false level failure to reach level 2 (a sweep, two queues). */
const QUIET_MS = 4_000;

interface Arrival {
  readonly path: string;
  /** Verified, recorded and answered 204 by the receiver's own handler. */
  take(): void;
  /** Answered 503: a failure the alert queue retries. */
  refuse(): void;
}

/** Holds every request the receiver gets, in arrival order, until the test answers it. */
const holdRequests = (receiver: AlertReceiver): Arrival[] => {
  type Listener = (request: IncomingMessage, response: ServerResponse) => void;
  const [receive] = receiver.server.listeners('request') as Listener[];
  receiver.server.removeAllListeners('request');
  const arrivals: Arrival[] = [];
  receiver.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    arrivals.push({
      path: request.url ?? '',
      take: () => receive?.(request, response),
      refuse: () => {
        request.resume();
        response.writeHead(503).end('busy');
      },
    });
  });
  return arrivals;
};

/** The support config (pager, manager) with a second level-1 target, the desk, on the same receiver. */
const withDesk = (configPath: string, receiverUrl: string): string => {
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  config.targets.desk = { ...config.targets.pager, url: `${receiverUrl}/desk` };
  writeFileSync(configPath, JSON.stringify(config));
  return configPath;
};

const RECORDER = 'recordAlertSteps';

/** The bodies of the steps the stack sends to the alert queue, as sent. */
const recordAlertSteps = (alertQueueUrl: string): string[] => {
  const sent: string[] = [];
  sqs().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Partial<SendMessageRequest & SendMessageBatchRequest>;
      if (input.QueueUrl === alertQueueUrl) {
        const bodies = input.Entries?.map((entry) => entry.MessageBody ?? '') ?? [input.MessageBody ?? ''];
        sent.push(...bodies.filter((body) => 'alerts' in JSON.parse(body || '{}')));
      }
      return next(args);
    },
    { step: 'initialize', name: RECORDER },
  );
  return sent;
};

/** Polls `holds` until it is true; fails saying which turn did not come. */
const turn = async (what: string, holds: () => boolean | Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + TURN_MS;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${TURN_MS} ms`);
    await sleep(100);
  }
};

let stack: TestStack;
let receiver: AlertReceiver;
let arrivals: Arrival[];
let stepsSent: string[];

beforeAll(async () => {
  receiver = await startAlertReceiver();
  arrivals = holdRequests(receiver);
  const config = writeEscalationConfig(receiver.url, { firstResponse: 'PT30S', resolution: 'PT10M' }, [
    { notify: ['pager', 'desk'] },
    { notify: ['manager'], after: 'PT10M' },
  ]);
  stack = await startTestStack({
    configPath: withDesk(config, receiver.url),
    // A level that failed has the next one's timer due at once; the sweeper hands it over.
    sweepEveryMs: 1_000,
    // The copies' refused sends are logged as errors otherwise; the test says what went wrong.
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET, POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
  });
  stepsSent = recordAlertSteps(stack.queues.alerts.url);
});

afterAll(async () => {
  sqs().middlewareStack.remove(RECORDER);
  // Requests still held fail at once, so the workers' invocations end before the stack stops.
  receiver?.server.closeAllConnections();
  receiver?.server.close();
  await stack?.stop();
});

const arrivalAt = async (path: string, nth: number): Promise<Arrival> => {
  const at = () => arrivals.filter((arrival) => arrival.path === path);
  await turn(`request ${nth} at ${path}`, () => at().length >= nth);
  return at()[nth - 1] as Arrival;
};

const viewOf = async (caseId: string) =>
  (await stack.get(`/cases/${caseId}`)).json as { case: Case; audit: AuditEntry[] };

const deliveryStates = async (job: AlertJob): Promise<string[]> => {
  const escalation = (await viewOf(job.caseId)).case.escalations?.find((e) => e.id === job.escalationId);
  return (escalation?.deliveries ?? []).map((d) => `${d.target} L${d.level} ${d.state}`).sort();
};

describe('two alert workers delivering copies of one step at once', () => {
  it('does not page level 2 when one copy saw both targets fail while the other was delivering to the pager', {
    timeout: 45_000,
  }, async () => {
    // Prepare: the customer wrote a minute ago and the reply was due in 30 s, so the case breaches
    // at once; copy A, the step the timer worker sent, reaches the pager and the desk.
    const message = chat(1, 0);
    const { status } = await stack.post(message.path, message.body, message.headers());
    expect(status).toBe(200);
    const pagerForA = await arrivalAt('/alerts', 1);
    const deskForA = await arrivalAt('/alerts/desk', 1);
    const [step] = stepsSent;
    const pagerJob = (JSON.parse(step ?? '{}') as AlertStep).alerts.find((job) => job.target === 'pager');
    if (!step || !pagerJob) throw new Error(`no step for the pager was sent: ${JSON.stringify(stepsSent)}`);
    const claims = new DynamoClaims({
      client: dynamoDocumentClient(),
      tableName: stack.tableName,
      clock: { now: () => new Date() },
    });

    // Act: the pager refuses A; once A has let go of its claim there, copy B comes and sends there.
    pagerForA.refuse();
    await turn('A lets go of the pager', async () => !(await claims.held(`alert:${pagerJob.alertId}`)));
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.alerts.url, MessageBody: step }));
    const pagerForB = await arrivalAt('/alerts', 2);
    // The desk refuses A while B's send to the pager is under way; A records both targets failed.
    deskForA.refuse();
    await turn('A records its attempts', async () => (await deliveryStates(pagerJob)).includes('desk L1 retrying'));
    // B's send arrives; B records the pager delivered.
    pagerForB.take();
    await turn('B records the pager', async () => (await deliveryStates(pagerJob)).includes('pager L1 delivered'));
    await sleep(QUIET_MS);

    // Assess: the pager has the alert once; the level did not fail; nothing went past level 1.
    expect(receiver.received.map((r) => [r.path, r.data.caseId, r.data.escalationId, r.data.level])).toEqual([
      ['/alerts', pagerJob.caseId, pagerJob.escalationId, 1],
    ]);
    const { audit } = await viewOf(pagerJob.caseId);
    const ofEscalation = audit.filter((a) => a.type.startsWith('escalation.'));
    expect(ofEscalation.map((a) => [a.type, a.detail?.level])).toEqual([
      ['escalation.queued', 1],
      ['escalation.alerted', 1],
    ]);
    expect(await deliveryStates(pagerJob)).toEqual(['desk L1 retrying', 'pager L1 delivered']);
    expect(arrivals.map((arrival) => arrival.path).sort()).toEqual(['/alerts', '/alerts', '/alerts/desk']);
  });
});
