/**
 * A target people act inside (buttons, incident updates) calls Sundown back on a route of its own.
 * Its module's `callback` says where, with which secret the target signs, how to read what was
 * done into a target-neutral action and how to answer; the actions function serves every
 * registered callback and acts on the case without knowing which target called.
 */

import type { WebhookHeaders } from '../../commons/http.ts';
import type { VerifyResult } from '../../commons/signed-request.ts';
import type { LinkAudience } from '../../domain/case-links.ts';

export interface CallbackRequest {
  readonly rawBody: string;
  readonly headers: WebhookHeaders;
  readonly now: Date;
}

/** What someone did to a case inside the target. */
export interface CallbackAction {
  readonly action: 'ack' | 'resolve';
  readonly caseId: string;
  /** The escalation the alert was about, when the target knows it. */
  readonly escalationId?: string;
  /** Who acted, as the target names them. */
  readonly who: string;
  /** Where the target takes a replacement of the message that was acted on, if it offers one. */
  readonly replyUrl?: string;
}

/** A well-formed request that asks nothing of Sundown (another button, another event type). */
export type CallbackParse = CallbackAction | { readonly ignored: string };

export interface CallbackDeps {
  /** The link-signing secret, which also keys the callback markers paging tools carry back. */
  readonly linkSecret: () => Promise<string>;
}

/** What replacing the target's message needs; a reply never fails the callback. */
export interface ReplyDeps {
  /** A signed link to the case page for the target's audience; undefined when links cannot be signed. */
  readonly caseLink: (caseId: string, audience: LinkAudience) => Promise<string | undefined>;
  /** Replaced endpoints or allowed origins, by target kind (tests point a target at a receiver). */
  readonly endpoints?: Readonly<Record<string, string>>;
  readonly warn: (message: string, detail: Record<string, unknown>) => void;
}

/** A secret the target signs its callbacks with: in the integration secret on AWS, the environment locally. */
export interface CallbackSecret {
  readonly name: string;
  /** A public value the local stack falls back to; flagged as a placeholder on AWS. */
  readonly development: string;
}

export interface TargetCallback {
  /** The route's path; the method is POST, served by the actions function, open (the target signs). */
  readonly path: string;
  /** The secret the target signs with; the route answers 503 while it is not set. */
  readonly secret: CallbackSecret;
  /**
   * An environment variable naming one more endpoint or origin the reply may use
   * (`ReplyDeps.endpoints[type]`), for the local stack and tests.
   */
  readonly endpointSetting?: string;
  /** The status of every answer after a valid signature. */
  readonly status: 200 | 202;
  verify(request: CallbackRequest, secret: string): VerifyResult;
  /** Reads a verified request; a body not of the documented shape throws PayloadError naming the field. */
  parse(request: CallbackRequest, deps: CallbackDeps): Promise<CallbackParse>;
  /** Fields the target's answer carries beside the outcome. */
  answer?(acted: CallbackAction, found: boolean): Record<string, unknown>;
  /** Once the case was acted on: replaces the message that was acted on (`replyUrl`). */
  reply?(acted: CallbackAction & { readonly at: Date }, deps: ReplyDeps): Promise<void>;
}
