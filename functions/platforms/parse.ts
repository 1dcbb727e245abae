/** zod at the edges: an envelope that does not parse is a PayloadError naming the field. */
import { type core, safeParse } from 'zod/mini';
import { describeIssues } from '../commons/signed-request.ts';
import type { IgnoredItem } from './types.ts';

export { parseEnvelope } from '../commons/signed-request.ts';

export type ItemResult<T> = { ok: true; value: T } | { ok: false; ignored: IgnoredItem };

/**
 * One item of a batch (a Meta change, an AAA event). A malformed item is reported as ignored,
 * naming the field, so that it does not cost the rest of the batch (Meta batches up to 1000).
 */
export const parseItem = <S extends core.$ZodType>(
  schema: S,
  value: unknown,
  kind: string,
  prefix: string,
): ItemResult<core.output<S>> => {
  const result = safeParse(schema, value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, ignored: { kind, reason: `malformed: ${describeIssues(result.error, prefix)}` } };
};
