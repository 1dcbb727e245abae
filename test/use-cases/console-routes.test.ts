/** The console API over the real use cases on the in-memory adapters, with claims as API Gateway's JWT authorizer passes them. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { consoleRoutes } from '../../functions/handlers/console-routes.ts';
import { followUpConfig } from '../domain/followups/fixtures.ts';
import { followUpHarness, messageEvent } from './followups-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const AGENT = { sub: 'u-1', email: 'ann@example.com', 'cognito:groups': '[agents]' };
const ADMIN = { sub: 'u-2', email: 'lead@example.com', 'cognito:groups': '[agents admins]' };

const request = (
  routeKey: string,
  claims: Record<string, unknown> | undefined,
  extra: Partial<APIGatewayProxyEventV2> = {},
): APIGatewayProxyEventV2 =>
  ({
    routeKey,
    headers: {},
    isBase64Encoded: false,
    requestContext: { ...(claims && { authorizer: { jwt: { claims, scopes: [] } } }) },
    ...extra,
  }) as unknown as APIGatewayProxyEventV2;

const setup = async () => {
  const h = await followUpHarness(followUpConfig(), T0);
  const opened = await h.ingest(messageEvent('wa-1', T0));
  const routes = consoleRoutes(() => ({ store: h.store, changes: h.deps }));
  return { h, caseId: opened.id, routes };
};

describe('the console API', () => {
  it('refuses a request without verified claims before touching any case', async () => {
    const { routes } = await setup();

    await expect(routes(request('GET /console/cases', undefined))).rejects.toMatchObject({ statusCode: 401 });
  });

  it('lets an agent take a case, named by their token, and finds it by the customer phone number', async () => {
    const { h, caseId, routes } = await setup();

    const assigned = await routes(
      request('POST /console/cases/{id}/assign', AGENT, {
        pathParameters: { id: caseId },
        body: JSON.stringify({ assignee: 'ann@example.com' }),
      }),
    );
    const listed = await routes(
      request('GET /console/cases', AGENT, {
        queryStringParameters: { search: '+1 650 555 1234', assignee: 'ann@example.com' },
      }),
    );

    expect(assigned.statusCode).toBe(200);
    const audit = (await h.store.getCaseDetail(caseId))?.audit.at(-1);
    expect(audit).toMatchObject({ type: 'case.assigned', actor: 'console:ann@example.com' });
    expect(JSON.parse(String(listed.body)).cases.map((c: { case: { id: string } }) => c.case.id)).toEqual([caseId]);
  });

  it('keeps lifting a suppression to admins: an agent gets 403, an admin gets through', async () => {
    const { caseId, routes } = await setup();
    const unsuppress = (claims: Record<string, unknown>) =>
      routes(request('POST /console/cases/{id}/unsuppress', claims, { pathParameters: { id: caseId } }));

    await expect(unsuppress(AGENT)).rejects.toMatchObject({ statusCode: 403 });
    expect((await unsuppress(ADMIN)).statusCode).toBe(409);
  });

  it('answers a bad filter or assignee with a 400 naming the field', async () => {
    const { caseId, routes } = await setup();

    await expect(
      routes(request('GET /console/cases', AGENT, { queryStringParameters: { channel: 'fax' } })),
    ).rejects.toMatchObject({ statusCode: 400, details: { field: 'channel' } });
    await expect(
      routes(
        request('POST /console/cases/{id}/assign', AGENT, {
          pathParameters: { id: caseId },
          body: JSON.stringify({ assignee: 'a b' }),
        }),
      ),
    ).rejects.toMatchObject({ statusCode: 400, details: { field: 'assignee' } });
  });
});
