/**
 * Hand-offs and promises end to end on the local stack: a customer writes on X and on WhatsApp,
 * the case is handed to billing, whose webhook target receives the whole cross-channel story;
 * a hand-off nobody acknowledges and a promise nobody keeps escalate within seconds.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import type { HandoffPackage } from '../../functions/domain/followups/handoff-package.ts';
import type { CaseView } from '../../functions/use-cases/read-cases.ts';
import { sampleJson } from '../fixtures/samples.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  type Received,
  startAlertReceiver,
  until,
} from '../support/alert-receiver.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { postMeta, postX } from './intake-platforms.support.ts';

let stack: TestStack;
let receiver: AlertReceiver;
let store: DynamoCaseStore;
let dynamo: DynamoDBClient;

const hook = (path: string) => ({
  type: 'webhook',
  url: `${receiver.url}/${path}`,
  secret: 'TEST_ALERT_WEBHOOK_SECRET',
});

const writeConfig = (): string => {
  const config = JSON.parse(readFileSync(new URL('../../sundown.config.json', import.meta.url), 'utf8'));
  Object.assign(config, {
    calendars: {},
    sla: { policies: [{ name: 'test', firstResponse: 'PT1H', escalation: 'social' }] },
    escalationChains: {
      social: { levels: [{ notify: ['social'] }] },
      billing: { levels: [{ notify: ['billing-lead'] }] },
    },
    targets: { social: hook('social'), billing: hook('billing'), 'billing-lead': hook('billing-lead') },
    departments: { billing: { notify: ['billing'], acknowledgeWithin: 'PT3S', escalation: 'billing' } },
  });
  for (const key of ['triage', 'topics', 'feedback', 'surge', 'suppression']) delete config[key];
  const path = join(tmpdir(), `sundown-handoff-${process.pid}-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
};

beforeAll(async () => {
  receiver = await startAlertReceiver();
  stack = await startTestStack({
    configPath: writeConfig(),
    sweepEveryMs: 1_000,
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
  });
  dynamo = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  store = new DynamoCaseStore({ client: DynamoDBDocumentClient.from(dynamo), tableName: stack.tableName });
});

afterAll(async () => {
  await stack?.stop();
  dynamo?.destroy();
  receiver?.server.close();
});

const viewOf = async (caseId: string): Promise<CaseView> => (await stack.get(`/cases/${caseId}`)).json as CaseView;

const postJson = (path: string, body: unknown) => stack.post(path, JSON.stringify(body), {});

/** A case holding an X DM and a WhatsApp message of the same customer, both written just now. */
const caseOnXAndWhatsApp = async (): Promise<CaseView> => {
  const dm = sampleJson('x-aaa-direct_message_events.json');
  dm.direct_message_events[0].created_timestamp = String(Date.now());
  await postX(stack, dm);
  await stack.drained();
  const { json } = await stack.get('/cases?limit=10');
  const xCase = (json as { items: CaseView['case'][] }).items.find((c) => c.channels.includes('x'));
  if (!xCase) throw new Error('the X DM opened no case');
  // The social team linked the customer's WhatsApp conversation to the case.
  await store.linkThread(
    { channel: 'whatsapp', brandAccount: '106540352242922', threadKey: 'wa:16505551234' },
    xCase.id,
  );
  const whatsapp = sampleJson('whatsapp-message-text.json');
  whatsapp.entry[0].changes[0].value.messages[0].timestamp = String(Math.floor(Date.now() / 1000));
  await postMeta(stack, whatsapp);
  await stack.drained();
  return viewOf(xCase.id);
};

const received = (path: string, predicate: (r: Received) => boolean = () => true) =>
  receiver.received.filter((r) => r.path === `/alerts/${path}` && predicate(r));

describe('hand-offs and promises on the local stack', () => {
  let view: CaseView;

  beforeAll(async () => {
    view = await caseOnXAndWhatsApp();
  });

  it('sends billing a package holding every message of the case, on both channels', async () => {
    // Prepare
    expect(new Set(view.messages.map((m) => m.channel))).toEqual(new Set(['x', 'whatsapp']));

    // Act
    const answer = await postJson(`/cases/${view.case.id}/handoff`, {
      department: 'billing',
      note: 'double charged',
      who: 'ann',
    });
    await until(() => received('billing').length > 0, 10_000);

    // Assess
    expect(answer.status).toBe(201);
    const [notice] = received('billing');
    expect(notice?.type).toBe('sundown.notice.handoff');
    const pkg = notice?.data as unknown as HandoffPackage;
    expect(pkg.messages.map((m) => [m.channel, m.text, m.sentAt])).toEqual(
      view.messages.map((m) => [m.channel, m.text, m.sentAt]),
    );
    expect(pkg).toMatchObject({
      caseId: view.case.id,
      department: 'billing',
      note: 'double charged',
      handedOffBy: 'ann',
    });
    expect(pkg.customer).toMatchObject({ id: view.case.customerId, identities: [{ kind: 'x', value: '3001969357' }] });
    expect(pkg.audit.map((a) => a.type)).toContain('case.handed_off');
    expect(receiver.rejected).toEqual([]);
  });

  it('escalates the hand-off to the department’s chain when nobody acknowledges it in time', async () => {
    await until(() => received('billing-lead').length > 0, 15_000);

    const [alert] = received('billing-lead');
    expect(alert?.type).toBe('sundown.case.breached');
    expect(alert?.data).toMatchObject({ caseId: view.case.id, escalationId: 'followUp:2', level: 1 });
    const handoff = (await viewOf(view.case.id)).case.followUps?.find((f) => f.kind === 'handoff');
    expect(handoff?.status).toBe('missed');
  });

  it('escalates a promise nobody keeps to the policy chain', async () => {
    const answer = await postJson(`/cases/${view.case.id}/followups`, {
      kind: 'promise',
      description: 'call back in two seconds',
      within: 'PT2S',
      who: 'ann',
    });
    const followUpId = (answer.json as { followUp: { id: string } }).followUp.id;
    const missedPromise = (r: Received) =>
      (r.data as unknown as { followUp?: { id: string } }).followUp?.id === followUpId;

    await until(() => received('social', missedPromise).length > 0, 15_000);

    expect(answer.status).toBe(201);
    expect(received('social', missedPromise).map((r) => r.type)).toEqual(['sundown.case.breached']);
  });

  it('answers 400 naming the department when it is unknown, listing the known ones', async () => {
    const answer = await postJson(`/cases/${view.case.id}/handoff`, { department: 'legal', who: 'ann' });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: { field: 'department', message: expect.stringContaining('known: billing') },
    });
  });

  it('answers 400 naming a missing field, and 404 for an unknown case or follow-up', async () => {
    const noWho = await postJson(`/cases/${view.case.id}/handoff`, { department: 'billing' });
    const noCase = await postJson('/cases/NO-SUCH-CASE/handoff', { department: 'billing', who: 'ann' });
    const noFollowUp = await postJson(`/cases/${view.case.id}/followups/NOPE`, { status: 'kept', who: 'ann' });

    expect([noWho.status, noCase.status, noFollowUp.status]).toEqual([400, 404, 404]);
    expect(noWho.json).toMatchObject({ error: { field: 'who' } });
    expect(noFollowUp.json).toMatchObject({ error: { field: 'followUpId' } });
  });
});
