/** zod at the edges: an envelope that does not parse is a PayloadError naming the field. */
import type * as z from 'zod';
import { PayloadError } from './errors.ts';
import type { IgnoredItem } from './types.ts';

const pathOf = (prefix: string, path: readonly PropertyKey[]): string =>
  [prefix, ...path.map(String)].filter(Boolean).join('.') || '(root)';

const describe = (error: z.ZodError, prefix: string): string =>
  error.issues.map((issue) => `${pathOf(prefix, issue.path)}: ${issue.message}`).join('; ');

/** The shape the whole request must have; anything else is a 400. */
export const parseEnvelope = <S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw new PayloadError(describe(result.error, prefix));
  return result.data;
};

export type ItemResult<T> = { ok: true; value: T } | { ok: false; ignored: IgnoredItem };

/**
 * One item of a batch (a Meta change, an AAA event). A malformed item is reported as ignored,
 * naming the field, so that it does not cost the rest of the batch (Meta batches up to 1000).
 */
export const parseItem = <S extends z.ZodType>(
  schema: S,
  value: unknown,
  kind: string,
  prefix: string,
): ItemResult<z.output<S>> => {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, ignored: { kind, reason: `malformed: ${describe(result.error, prefix)}` } };
};
