/**
 * The cases API (IAM-authorised on AWS, loopback locally): GET /cases and GET /cases/{id} read;
 * POST /cases/{id}/handoff, /followups and /followups/{followUpId} record hand-offs and promises.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { InvalidCursorError } from '../commons/errors.ts';
import { HttpError, type HttpResult, httpErrors, json, parseJsonBody, rawBodyOf } from '../commons/http.ts';
import { flushMetrics } from '../commons/metrics.ts';
import { once } from '../commons/once.ts';
import { ISO_DURATION, NOT_AN_ISO_DURATION } from '../config/iso-duration.ts';
import { CASE_STATUSES } from '../domain/case.ts';
import { type CasesRoot, composeCases } from '../roots/cases.ts';
import type { Substitutes } from '../roots/parts.ts';
import type { ActionOutcome } from '../use-cases/case-actions.ts';
import { closeFollowUp, FollowUpRequestError, recordFollowUp } from '../use-cases/followups.ts';
import { handOffCase } from '../use-cases/handoff.ts';
import { listCases, viewCase } from '../use-cases/read-cases.ts';

const listQuery = z.object({
  status: z.optional(z.enum(CASE_STATUSES)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.minLength(1))),
});

const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const who = text(1, 200);
const handoffBody = z.strictObject({
  department: z.string().check(z.minLength(1)),
  note: z.optional(z.string().check(z.maxLength(4000))),
  who,
});
const followUpBody = z.strictObject({
  kind: z.enum(['promise', 'checkback']),
  description: text(1, 2000),
  dueAt: z.optional(z.iso.datetime({ offset: true })),
  within: z.optional(z.string().check(z.regex(ISO_DURATION, NOT_AN_ISO_DURATION))),
  department: z.optional(z.string().check(z.minLength(1))),
  keptByReply: z.optional(z.boolean()),
  who,
});
const closeBody = z.strictObject({ status: z.enum(['kept', 'cancelled']), who });

const parse = <T>(schema: z.ZodMiniType<T>, input: unknown, what: 'query' | 'body'): T => {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || what;
  throw new HttpError(400, `invalid_${what}`, `${field}: ${issue?.message}`, { field });
};

const list = async (event: APIGatewayProxyEventV2, root: CasesRoot): Promise<HttpResult> => {
  const query = parse(listQuery, event.queryStringParameters ?? {}, 'query');
  try {
    const page = await listCases(root.store, query);
    return json(200, { items: page.items, ...(page.cursor && { cursor: page.cursor }) });
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new HttpError(400, 'invalid_cursor', error.message, { field: 'cursor' });
    throw error;
  }
};

const show = async (caseId: string, root: CasesRoot): Promise<HttpResult> => {
  const view = await viewCase(root.store, caseId);
  if (!view) throw new HttpError(404, 'case_not_found', `no case with id ${caseId}`);
  return json(200, view);
};

/** Runs a follow-up action; a request naming what does not exist is the client's mistake. */
const answer = async (caseId: string, action: () => Promise<ActionOutcome>, created: boolean): Promise<HttpResult> => {
  let outcome: ActionOutcome;
  try {
    outcome = await action();
  } catch (error) {
    if (!(error instanceof FollowUpRequestError)) throw error;
    const code = error.status === 404 ? 'not_found' : 'invalid_body';
    throw new HttpError(error.status, code, error.message, { field: error.field });
  }
  if (outcome.outcome === 'not_found') throw new HttpError(404, 'case_not_found', `no case with id ${caseId}`);
  if (outcome.outcome === 'unchanged')
    return json(409, { outcome: 'unchanged', reason: outcome.reason, case: outcome.case });
  const followUp = outcome.case.followUps?.at(-1);
  return json(created ? 201 : 200, { outcome: 'done', ...(created && followUp && { followUp }), case: outcome.case });
};

const bodyOf = (event: APIGatewayProxyEventV2): unknown => parseJsonBody(rawBodyOf(event) || '{}');

const handoff = (event: APIGatewayProxyEventV2, caseId: string, root: CasesRoot): Promise<HttpResult> => {
  const body = parse(handoffBody, bodyOf(event), 'body');
  const request = { department: body.department, ...(body.note && { note: body.note }), who: body.who, via: 'api' };
  return answer(caseId, () => handOffCase(caseId, request, root.followUps), true);
};

const followUp = (event: APIGatewayProxyEventV2, caseId: string, root: CasesRoot): Promise<HttpResult> => {
  const body = parse(followUpBody, bodyOf(event), 'body');
  return answer(caseId, () => recordFollowUp(caseId, { ...body, via: 'api' }, root.followUps), true);
};

const close = (event: APIGatewayProxyEventV2, caseId: string, root: CasesRoot): Promise<HttpResult> => {
  const body = parse(closeBody, bodyOf(event), 'body');
  const followUpId = event.pathParameters?.followUpId ?? '';
  const actor = { who: body.who, via: 'api' };
  return answer(caseId, () => closeFollowUp(caseId, followUpId, body.status, actor, root.followUps), false);
};

/** The routes over one composition root: `root` is built on the first request and kept. */
export const casesRoutes =
  (root: () => CasesRoot) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const caseId = event.pathParameters?.id;
    if (!caseId) return list(event, root());
    switch (event.routeKey) {
      case 'POST /cases/{id}/handoff':
        return handoff(event, caseId, root());
      case 'POST /cases/{id}/followups':
        return followUp(event, caseId, root());
      case 'POST /cases/{id}/followups/{followUpId}':
        return close(event, caseId, root());
      default:
        return show(caseId, root());
    }
  };

export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeCases(substitutes));
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(flushMetrics(() => root().metrics))
    .use(httpErrors())
    .handler(casesRoutes(root));
};

export const handler = createHandler();
