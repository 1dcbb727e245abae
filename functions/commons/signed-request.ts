/**
 * What every signed request from outside shares, whether a platform's webhook (platforms/) or an
 * alert target's callback (alerts/targets/): the verdict on its signature, header lookup, and the
 * error for a verified body that is not the documented shape (the handlers answer 400 with it).
 */
import { type core, safeParse } from 'zod/mini';
import { SundownError } from './errors.ts';
import type { WebhookHeaders } from './http.ts';

/** Outcome of checking a request's signature. `reason` names the header and what is wrong with it. */
export type VerifyResult = { ok: true } | { ok: false; status: 401; reason: string };

/**
 * A body that verified but is not the shape its sender documents.
 * The message names the field at fault (`entry.0.changes: expected array...`); the handler answers 400.
 */
export class PayloadError extends SundownError {}

export const headerValue = (headers: WebhookHeaders, name: string): string | undefined => {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const match = Object.keys(headers).find((key) => key.toLowerCase() === name);
  return match === undefined ? undefined : headers[match];
};

const pathOf = (prefix: string, path: readonly PropertyKey[]): string =>
  [prefix, ...path.map(String)].filter(Boolean).join('.') || '(root)';

/** Every issue of a failed parse, each prefixed with the path of its field. */
export const describeIssues = (error: core.$ZodError, prefix: string): string =>
  error.issues.map((issue) => `${pathOf(prefix, issue.path)}: ${issue.message}`).join('; ');

/** The shape the whole request must have (a classic zod or zod/mini schema); anything else is a PayloadError naming the field. */
export const parseEnvelope = <S extends core.$ZodType>(schema: S, value: unknown, prefix = ''): core.output<S> => {
  const result = safeParse(schema, value);
  if (!result.success) throw new PayloadError(describeIssues(result.error, prefix));
  return result.data;
};
