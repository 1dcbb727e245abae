/**
 * Hand-offs and promises end to end on the local stack: a customer writes on X, by e-mail and on WhatsApp,
 * the case is handed to billing, whose webhook target receives the whole cross-channel story;
 * a hand-off nobody acknowledges and a promise nobody keeps escalate within seconds.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffPackage } from '../../functions/domain/followups/handoff-package.ts';
import type { CaseView } from '../../functions/use-cases/read-cases.ts';
import { inboundMessage } from '../fixtures/derived-samples.ts';
import { sampleJson } from '../fixtures/samples.ts';
import {
  ALERT_SECRET,
  type AlertReceiver,
  type Received,
  startAlertReceiver,
  until,
} from '../support/alert-receiver.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { postInbound, postMeta, postX } from './intake-platforms.support.ts';

let stack: TestStack;
let receiver: AlertReceiver;

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
    // The repository's fallback names one of the targets replaced above.
    alerts: { linkTtl: 'P2D' },
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
    sweepEveryMs: 5_000,
    env: { TEST_ALERT_WEBHOOK_SECRET: ALERT_SECRET },
  });
});

afterAll(async () => {
  await stack?.stop();
  receiver?.server.close();
});

const viewOf = async (caseId: string): Promise<CaseView> => (await stack.get(`/cases/${caseId}`)).json as CaseView;

const postJson = (path: string, body: unknown) => stack.post(path, JSON.stringify(body), {});

/**
 * A customer DMs on X, then e-mails support naming their X account and phone number, then writes
 * on WhatsApp from that number: one customer, so one conversation across the three channels.
 */
const caseOnXEmailAndWhatsApp = async (): Promise<CaseView> => {
  const dm = sampleJson('x-aaa-direct_message_events.json');
  dm.direct_message_events[0].created_timestamp = String(Date.now());
  await postX(stack, dm);
  await stack.drained();
  const email = inboundMessage({
    data: {
      conversationId: 'mail-thread-1',
      messageId: 'mail-1',
      occurredAt: new Date().toISOString(),
      text: 'I wrote to you on X about this too',
      customer: { name: 'Jane Doe', email: 'jane@example.com', phone: '+1 650-555-1234', handles: { x: '3001969357' } },
    },
  });
  await postInbound(stack, 'email', email);
  await stack.drained();
  const whatsapp = sampleJson('whatsapp-message-text.json');
  whatsapp.entry[0].changes[0].value.messages[0].timestamp = String(Math.floor(Date.now() / 1000));
  await postMeta(stack, whatsapp);
  await stack.drained();
  const { json } = await stack.get('/cases?limit=10');
  const cases = (json as { items: CaseView['case'][] }).items;
  if (cases.length !== 1) throw new Error(`expected one case for the one customer, got ${cases.length}`);
  return viewOf(cases[0]?.id ?? '');
};

const received = (path: string, predicate: (r: Received) => boolean = () => true) =>
  receiver.received.filter((r) => r.path === `/alerts/${path}` && predicate(r));

describe('hand-offs and promises on the local stack', () => {
  let view: CaseView;

  beforeAll(async () => {
    view = await caseOnXEmailAndWhatsApp();
  });

  it('sends billing a package holding every message of the customer, on all three channels', async () => {
    // Prepare
    expect(new Set(view.messages.map((m) => m.channel))).toEqual(new Set(['x', 'email', 'whatsapp']));

    // Act
    const answer = await postJson(`/cases/${view.case.id}/handoff`, {
      department: 'billing',
      note: 'double charged',
      who: 'ann',
    });
    await until(() => received('billing').length > 0, 25_000);

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
    expect(pkg.customer).toMatchObject({ id: view.case.customerId });
    expect(pkg.customer.identities).toContainEqual({ kind: 'x', value: '3001969357' });
    expect(pkg.customer.identities).toContainEqual({ kind: 'whatsapp', value: '16505551234' });
    expect(pkg.audit.map((a) => a.type)).toContain('case.handed_off');
    expect(receiver.rejected).toEqual([]);
  });

  it('escalates the hand-off to the department’s chain when nobody acknowledges it in time', async () => {
    await until(() => received('billing-lead').length > 0, 25_000);

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

    await until(() => received('social', missedPromise).length > 0, 25_000);

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
