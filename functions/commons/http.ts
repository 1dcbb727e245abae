/**
 * HTTP plumbing shared by every HTTP handler: one error type, one error middleware,
 * JSON responses, header and body helpers for API Gateway HTTP API (payload v2) events.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SundownError } from './errors.ts';
import { logger } from './logger.ts';
import { parseLosslessJson } from './lossless-json.ts';

/** An error meant for the client when `expose` is true; otherwise it becomes a generic 500. */
export class HttpError extends SundownError {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly expose = statusCode < 500,
  ) {
    super(message);
  }
}

export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Request headers as received; header names are matched without regard to case. */
export type WebhookHeaders = Readonly<Record<string, string | undefined>>;

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export const errorBody = (code: string, message: string, details: Readonly<Record<string, unknown>> = {}) => ({
  error: { code, message, ...details },
});

/** Turns thrown errors into JSON answers; only exposed HttpErrors say what went wrong. */
export const httpErrors = (): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => ({
  onError: async (request) => {
    const { error } = request;
    if (error instanceof HttpError && error.expose) {
      // The reason can quote the body (JSON.parse does): customer text, so only at DEBUG.
      logger.info('request rejected', { status: error.statusCode, code: error.code, ...error.details });
      logger.debug('request rejected: reason', { code: error.code, reason: error.message });
      request.response = json(error.statusCode, errorBody(error.code, error.message, error.details));
      return;
    }
    logger.error('request failed', error as Error);
    request.response = json(500, errorBody('internal', 'internal error'));
  },
});

/** Header lookup that ignores case: API Gateway lower-cases, other callers may not. */
export const headersOf = (event: APIGatewayProxyEventV2): Record<string, string | undefined> => {
  const lower: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) lower[name.toLowerCase()] = value;
  return lower;
};

/** The body exactly as sent: signatures are computed over these bytes. */
export const rawBodyOf = (event: APIGatewayProxyEventV2): string => {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

export const parseJsonBody = (raw: string): unknown => {
  try {
    return parseLosslessJson(raw);
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${(error as Error).message}`);
  }
};
