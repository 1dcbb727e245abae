/**
 * What the intake-platforms end-to-end tests share: signed posts to each webhook route, and
 * reading cases back through GET /cases and GET /cases/{id} only, as a client would.
 */
import { expect } from 'vitest';
import type { Case } from '../../functions/domain/case.ts';
import type { CaseView } from '../../functions/use-cases/read-cases.ts';
import { signInbound, signMeta, signX } from '../fixtures/build.ts';
import type { Json } from '../fixtures/samples.ts';
import { TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

export interface Accepted {
  readonly received: boolean;
  readonly queued: number;
  readonly ignored: readonly { readonly kind: string; readonly reason: string }[];
  readonly eventIds: readonly string[];
}

const accepted = (answer: { status: number; json: unknown }): Accepted => {
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json as Accepted;
};

export const postX = async (stack: TestStack, payload: Json): Promise<Accepted> => {
  const body = JSON.stringify(payload);
  return accepted(await stack.post('/webhooks/x', body, signX(body, TEST_SECRETS.X_CONSUMER_SECRET)));
};

export const postMeta = async (stack: TestStack, payload: Json): Promise<Accepted> => {
  const body = JSON.stringify(payload);
  return accepted(await stack.post('/webhooks/meta', body, signMeta(body, TEST_SECRETS.META_APP_SECRET)));
};

let deliveries = 0;
/** Signed now, as the sender would; each delivery gets its own webhook-id. */
export const postInbound = async (stack: TestStack, source: string, payload: Json): Promise<Accepted> => {
  const body = JSON.stringify(payload);
  deliveries += 1;
  const headers = signInbound(body, TEST_SECRETS.INBOUND_WEBHOOK_SECRET, `msg_e2e_${deliveries}`, new Date());
  return accepted(await stack.post(`/webhooks/inbound/${source}`, body, headers));
};

/** Every case, across pages. */
export const allCases = async (stack: TestStack): Promise<Case[]> => {
  const cases: Case[] = [];
  let cursor: string | undefined;
  do {
    const { status, json } = await stack.get(`/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(status).toBe(200);
    const page = json as { items: Case[]; cursor?: string };
    cases.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return cases;
};

export const viewOf = async (stack: TestStack, caseId: string): Promise<CaseView> => {
  const { status, json } = await stack.get(`/cases/${caseId}`);
  expect(status).toBe(200);
  return json as CaseView;
};

/** The one case holding this platform message, as GET /cases/{id} shows it. */
export const caseWithMessage = async (
  stack: TestStack,
  channel: Case['channels'][number],
  platformMessageId: string,
): Promise<CaseView> => {
  const views = await Promise.all((await allCases(stack)).map((c) => viewOf(stack, c.id)));
  const holding = views.filter((view) =>
    view.messages.some((m) => m.channel === channel && m.platformMessageId === platformMessageId),
  );
  expect(holding, `cases holding ${channel} message ${platformMessageId}`).toHaveLength(1);
  return holding[0] as CaseView;
};

export const messageOf = (view: CaseView, platformMessageId: string) => {
  const message = view.messages.find((m) => m.platformMessageId === platformMessageId);
  expect(message, `message ${platformMessageId} in case ${view.case.id}`).toBeDefined();
  return message as CaseView['messages'][number];
};

export const auditTypes = (view: CaseView): string[] => view.audit.map((entry) => entry.type);

/** A case's events of one type as a consumer sees them: delivery is at least once, so one per id. */
export const busEventsOf = (stack: TestStack, caseId: string, type: string) => [
  ...new Map(
    stack.bus.events.filter((event) => event.caseId === caseId && event.type === type).map((e) => [e.id, e]),
  ).values(),
];
