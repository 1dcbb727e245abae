/**
 * An interactive target's way back into Sundown: the route its button clicks or incident updates
 * arrive on. The module verifies and reads the request; acting on the case is the caller's
 * (`act`), so a target module never reaches into the use cases.
 */
import type { HttpResult, WebhookHeaders } from '../../commons/http.ts';

export interface CallbackRequest {
  readonly rawBody: string;
  readonly headers: WebhookHeaders;
}

/** What a person did in the target, as the target reported it. */
export interface CallbackAct {
  readonly action: 'ack' | 'resolve';
  readonly caseId: string;
  readonly escalationId?: string;
  readonly who: string;
}

export interface CallbackContext {
  /** The secret's value; throws (a 503 for the caller) when it is not set. */
  readonly secret: (name: string) => Promise<string>;
  readonly now: Date;
  /** Acts on the case as `who` via this target; the outcome is summarised for the answer. */
  readonly act: (act: CallbackAct) => Promise<CallbackOutcome>;
}

export type CallbackOutcome =
  | { readonly outcome: 'not_found' }
  | { readonly outcome: string; readonly caseId: string; readonly status: string; readonly reason?: string };

export interface TargetCallback {
  /** API Gateway route path, e.g. `/integrations/slack/actions`; always POST. */
  readonly path: string;
  handle(request: CallbackRequest, context: CallbackContext): Promise<HttpResult>;
}
