import type { NormalizeContext, NormalizeResult } from '../types.ts';

/** What a change or messaging item needs to know about the entry that carried it. */
export interface EntryContext {
  /** Page id, Instagram account id or WhatsApp Business Account id. */
  readonly id: string;
  /** When Meta sent the entry (ISO), the fallback for items that carry no time of their own. */
  readonly sentAt: string | undefined;
}

/** Normalises one change value or messaging item; `path` locates it in the body for error messages. */
export type ItemNormalizer = (
  item: unknown,
  path: string,
  entry: EntryContext,
  ctx: NormalizeContext,
  into: NormalizeResult,
) => void;
