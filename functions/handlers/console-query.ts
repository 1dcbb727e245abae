/**
 * The work list's filters as they arrive in a query string, checked once for the console and the
 * local dashboard: an unknown status, channel or priority is a 400 naming the field.
 */
import * as z from 'zod';
import { CHANNELS, PRIORITIES } from '../domain/case.ts';
import { OPEN_STATUSES, type OpenCaseFilter } from '../use-cases/open-cases.ts';

const blankIsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsAbsent, schema.optional());

export const openCaseQuery = z.object({
  status: optional(z.enum(OPEN_STATUSES as readonly ['open', 'responded', 'waiting_on_customer'])),
  channel: optional(z.enum(CHANNELS)),
  priority: optional(z.enum(PRIORITIES)),
  assignee: optional(z.string().trim().max(120)),
  search: optional(z.string().trim().max(200)),
});

export type OpenCaseQueryResult =
  | { readonly filter: OpenCaseFilter }
  | { readonly field: string; readonly message: string };

export const parseOpenCaseQuery = (params: Readonly<Record<string, string | undefined>>): OpenCaseQueryResult => {
  const parsed = openCaseQuery.safeParse(params);
  if (parsed.success) {
    const filter = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    return { filter: filter as OpenCaseFilter };
  }
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'query';
  return { field, message: `query parameter ${field}: ${issue?.message}` };
};
