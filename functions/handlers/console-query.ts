/**
 * The work list's filters as they arrive in a query string, checked once for the console and the
 * local dashboard: an unknown status, channel or priority is a 400 naming the field.
 */
import * as z from 'zod/mini';
import { CHANNELS, PRIORITIES } from '../domain/case.ts';
import { OPEN_STATUSES, type OpenCaseFilter } from '../use-cases/open-cases.ts';

/** A parameter left blank (`?status=`) is one not given. */
const withoutBlanks = (params: Readonly<Record<string, string | undefined>>) =>
  Object.fromEntries(Object.entries(params).filter(([, value]) => value === undefined || value.trim() !== ''));

export const openCaseQuery = z.object({
  status: z.optional(z.enum(OPEN_STATUSES as readonly ['open', 'responded', 'waiting_on_customer'])),
  channel: z.optional(z.enum(CHANNELS)),
  priority: z.optional(z.enum(PRIORITIES)),
  assignee: z.optional(z.string().check(z.trim(), z.maxLength(120))),
  search: z.optional(z.string().check(z.trim(), z.maxLength(200))),
});

export type OpenCaseQueryResult =
  | { readonly filter: OpenCaseFilter }
  | { readonly field: string; readonly message: string };

export const parseOpenCaseQuery = (params: Readonly<Record<string, string | undefined>>): OpenCaseQueryResult => {
  const parsed = openCaseQuery.safeParse(withoutBlanks(params));
  if (parsed.success) {
    const filter = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    return { filter: filter as OpenCaseFilter };
  }
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'query';
  return { field, message: `query parameter ${field}: ${issue?.message}` };
};
