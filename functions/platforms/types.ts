import type { BrandAccount } from '../config/schema.ts';
import type { InboundEventInput } from '../domain/inbound-event.ts';

export type { WebhookHeaders } from '../commons/http.ts';
/** Outcome of checking a webhook's signature (shared with the alert targets' callbacks). */
export type { VerifyResult } from '../commons/signed-request.ts';

export interface IgnoredItem {
  /** What was skipped, e.g. `favorite_events`, `like.create`, `messenger.read`. */
  readonly kind: string;
  readonly reason: string;
}

export interface NormalizeResult {
  readonly events: InboundEventInput[];
  /** Items the webhook carried that open or change no case; the handler logs them. */
  readonly ignored: IgnoredItem[];
}

export interface NormalizeContext {
  /** When the webhook reached Sundown (ISO 8601). */
  readonly receivedAt: string;
  /** The brand's own accounts: what they author is outbound. */
  readonly accounts: readonly BrandAccount[];
}
