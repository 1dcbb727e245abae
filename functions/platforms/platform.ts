/**
 * The shape every platform module has, as middy's `{ before, after, onError }` is every middleware's:
 * a platform is one folder exporting one of these, listed once in registry.ts. The receiver, the
 * route table, `sundown replay`, `sundown setup` and `doctor`, the development secrets and the CDK
 * secret derive from it.
 */
import type { HttpResult } from '../commons/http.ts';
import type { SetupLinks, SetupStep } from '../commons/setup-step.ts';
import type { SundownConfig } from '../config/schema.ts';
import type { Channel } from '../domain/case.ts';
import type { NormalizeContext, NormalizeResult, VerifyResult, WebhookHeaders } from './types.ts';

export interface PlatformSecret {
  /** The name in the platform secret on AWS and in the environment locally, e.g. `X_CONSUMER_SECRET`. */
  readonly name: string;
  /** A public value the local stack and `sundown replay` fall back to; flagged as a placeholder on AWS. */
  readonly development: string;
}

export type PathParameters = Readonly<Record<string, string | undefined>>;

/** What the platform's code may read of a request besides its body: query, path parameters, config. */
export interface PlatformRequest {
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Path parameters of the route, e.g. `{ source: 'email' }` for `/webhooks/inbound/{source}`. */
  readonly params: PathParameters;
  readonly config: SundownConfig;
}

/** A request `sundown doctor` sends to the deployed handshake, as the platform would. */
export interface HandshakeProbe {
  readonly query: Readonly<Record<string, string>>;
  /** True for the body a stack holding the same secret answers with. */
  answers(body: string): boolean;
}

/** A subscription check: a GET answered with a secret of the platform. */
export interface HandshakeRoute {
  readonly method: 'GET';
  /** The name of its check in `sundown doctor`, e.g. `X CRC`. */
  readonly check: string;
  /** API Gateway syntax. */
  readonly path: string;
  /** The secret the answer needs; a 503 naming it when it is not set. */
  readonly secret: string;
  /** The answer; throws an HttpError (400 or 403, naming the parameter) for a request it refuses. */
  answer(request: PlatformRequest, secret: string): HttpResult;
  /** A fresh probe for `sundown doctor`, made with the secret as stored. */
  probe(secret: string): HandshakeProbe;
}

/** Where the platform posts its signed events. */
export interface EventsRoute {
  readonly method: 'POST';
  /** API Gateway syntax: `{name}` is a path parameter, passed to signingSecrets and normalize. */
  readonly path: string;
  /**
   * The path parameters this config serves (one per inbound source), when the path has any: a
   * request for others is a 404 naming the parameter, before the body is read.
   */
  configured?(config: SundownConfig): readonly PathParameters[];
}

export interface PlatformModule {
  /** Stamped on every InboundEvent as `platform`, and the metrics' platform dimension. */
  readonly id: string;
  readonly routes: { readonly handshake?: HandshakeRoute; readonly events: EventsRoute };
  readonly secrets: readonly PlatformSecret[];
  /** Every channel normalize can produce: the domain's words (functions/domain/case.ts). */
  readonly channels: readonly Channel[];
  /** The secrets a delivery to these path parameters may be signed with, the most specific first; the last must be set. */
  signingSecrets(params: PathParameters): readonly string[];
  /** The signature check over the raw body; a rejection names the header at fault. */
  verify(secret: string, rawBody: string, headers: WebhookHeaders): VerifyResult;
  /** A verified body to events; a PayloadError naming the field for a body of the wrong shape. */
  normalize(payload: unknown, ctx: NormalizeContext, request: PlatformRequest): NormalizeResult;
  /** The headers the platform would send with `body`, for `sundown replay` and the tests. */
  sign(body: string, secret: string, delivery?: { readonly id?: string; readonly at?: Date }): Record<string, string>;
  /** True for a payload of this platform's shape, so `sundown replay` can tell without --platform. */
  recognizes(payload: unknown): boolean;
  /** What `sundown setup` tells an admin to register after deploy; undefined when this config needs nothing of it. */
  setup?(config: SundownConfig, links: SetupLinks): SetupStep | undefined;
}

/** The object or array a JSON payload must be for any platform to recognise it. */
export const asRecord = (payload: unknown): Readonly<Record<string, unknown>> =>
  typeof payload === 'object' && payload !== null && !Array.isArray(payload)
    ? (payload as Record<string, unknown>)
    : {};
