/** GET /cases and GET /cases/{id}: the read API (IAM-authorised on AWS, loopback locally). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { adapters } from '../adapters/container.ts';
import { InvalidCursorError } from '../commons/errors.ts';
import { HttpError, type HttpResult, httpErrors, json } from '../commons/http.ts';
import { CASE_STATUSES } from '../domain/case.ts';
import { listCases, viewCase } from '../use-cases/read-cases.ts';

const listQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).optional(),
});

const list = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  const parsed = listQuery.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'query';
    throw new HttpError(400, 'invalid_query', `${field}: ${issue?.message}`, { field });
  }
  try {
    const page = await listCases(adapters.store(), parsed.data);
    return json(200, { items: page.items, ...(page.cursor && { cursor: page.cursor }) });
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new HttpError(400, 'invalid_cursor', error.message, { field: 'cursor' });
    throw error;
  }
};

const show = async (caseId: string): Promise<HttpResult> => {
  const view = await viewCase(adapters.store(), caseId);
  if (!view) throw new HttpError(404, 'case_not_found', `no case with id ${caseId}`);
  return json(200, view);
};

export const casesHandler = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  const caseId = event.pathParameters?.id;
  return caseId ? show(caseId) : list(event);
};

export const handler = middy<APIGatewayProxyEventV2, HttpResult>().use(httpErrors()).handler(casesHandler);
