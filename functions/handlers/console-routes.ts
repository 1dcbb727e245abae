/**
 * The team console's API, behind the JWT authorizer: GET /console/cases (the work list, filtered),
 * POST /console/cases/{id}/assign {assignee}, /acknowledge, and the admins-only /unsuppress.
 * Who acts comes from the verified token's claims, never from the request body.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError, type HttpResult, json, parseJsonBody, rawBodyOf } from '../commons/http.ts';
import { AssigneeError, assignCase } from '../use-cases/assign-case.ts';
import { type ActionOutcome, type Actor, acknowledgeCase, type CaseActionDeps } from '../use-cases/case-actions.ts';
import { liftSuppression } from '../use-cases/lift-suppression.ts';
import { listOpenCases, type OpenCaseStore } from '../use-cases/open-cases.ts';
import { parseOpenCaseQuery } from './console-query.ts';

export interface ConsoleDeps {
  readonly store: OpenCaseStore;
  readonly changes: CaseActionDeps;
}

type Claims = Readonly<Record<string, unknown>>;

const claimsOf = (event: APIGatewayProxyEventV2): Claims | undefined =>
  (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt?.claims;

/** API Gateway passes a list claim as `[a b]`; a local issuer may pass a real array. */
const groupsOf = (claims: Claims): string[] => {
  const groups = claims['cognito:groups'];
  if (Array.isArray(groups)) return groups.map(String);
  return typeof groups === 'string'
    ? groups
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/)
        .filter(Boolean)
    : [];
};

const answer = (caseId: string, outcome: ActionOutcome): HttpResult => {
  if (outcome.outcome === 'not_found') throw new HttpError(404, 'case_not_found', `no case with id ${caseId}`);
  if (outcome.outcome === 'unchanged') return json(409, { outcome: 'unchanged', reason: outcome.reason });
  return json(200, { outcome: 'done', case: outcome.case });
};

const assigneeOf = (event: APIGatewayProxyEventV2): string => {
  const body = parseJsonBody(rawBodyOf(event) || '{}') as { assignee?: unknown };
  if (typeof body?.assignee !== 'string') {
    throw new HttpError(400, 'invalid_body', 'assignee: expected a string', { field: 'assignee' });
  }
  return body.assignee;
};

export const consoleRoutes =
  (deps: () => ConsoleDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const claims = claimsOf(event);
    if (typeof claims?.sub !== 'string') throw new HttpError(401, 'unauthorized', 'sign in to use the console');
    const actor: Actor = { who: String(claims.email ?? claims['cognito:username'] ?? claims.sub), via: 'console' };
    const caseId = event.pathParameters?.id ?? '';
    switch (event.routeKey) {
      case 'GET /console/cases': {
        const query = parseOpenCaseQuery(event.queryStringParameters ?? {});
        if ('message' in query) throw new HttpError(400, 'invalid_query', query.message, { field: query.field });
        const { cases, truncated } = await listOpenCases(deps().store, query.filter);
        return json(200, { cases, truncated });
      }
      case 'POST /console/cases/{id}/assign':
        try {
          return answer(caseId, await assignCase(caseId, assigneeOf(event), actor, deps().changes));
        } catch (error) {
          if (!(error instanceof AssigneeError)) throw error;
          throw new HttpError(400, 'invalid_body', error.message, { field: error.field });
        }
      case 'POST /console/cases/{id}/acknowledge':
        return answer(caseId, await acknowledgeCase(caseId, actor, deps().changes));
      case 'POST /console/cases/{id}/unsuppress':
        if (!groupsOf(claims).includes('admins')) {
          throw new HttpError(403, 'forbidden', 'only the admins group may lift a suppression');
        }
        return answer(caseId, await liftSuppression(caseId, actor, deps().changes));
      default:
        throw new HttpError(404, 'not_found', `no console route ${event.routeKey}`);
    }
  };
