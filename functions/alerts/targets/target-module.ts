/**
 * The one shape every alert target has: a folder under targets/ exporting one module object,
 * listed once in registry.ts. The use cases never see it; they see the Notifier port, which
 * answers with the module's capabilities and calls its send functions.
 */
import type { core } from 'zod/mini';
import type { SetupLinks, SetupStep } from '../../commons/setup-step.ts';
import type { Notice } from '../../domain/queue-messages.ts';
import type { FollowUpAction, TargetCapabilities } from '../../ports/notifier.ts';
import type { Alert } from '../alert.ts';
import type { HttpDeps } from '../http.ts';
import type { TargetCallback } from './callback.ts';

/** What sending needs from outside: secrets, the e-mail topic, the clock, HTTP settings. */
export interface SendDeps extends HttpDeps {
  /** Looks a secret up by its UPPER_SNAKE name (a target's config holds names, never values). */
  readonly secrets: (name: string) => Promise<string | undefined>;
  /** Publishes to the named e-mail target's SNS topic, whose subscriptions are its addresses. */
  readonly publishEmail?: (target: string, subject: string, body: string) => Promise<void>;
  /** Where the console target prints. @default console.log */
  readonly log?: (line: string) => void;
  /** A fixed endpoint replaced, by target kind (tests and the local stack point PagerDuty at a receiver). */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** The time of this attempt (signed into webhook-timestamp). @default () => new Date() */
  readonly now?: () => Date;
}

/** One configured target: its name in `targets`, its config entry, and what sending needs. */
export interface SendContext<C> {
  readonly name: string;
  readonly config: C;
  readonly deps: SendDeps;
}

/** What a module's `sundown setup` steps are given: the stack's links, the brand, its configured targets. */
export interface TargetSetupContext<C> extends SetupLinks {
  readonly brand: string;
  /** The config's targets of this module's type, by name; none when the config names none. */
  readonly targets: readonly { readonly name: string; readonly config: C }[];
}

/** A config entry: a strict zod object (zod/mini or classic zod) whose `type` literal names the module. */
export type TargetConfigSchema = core.$ZodType<{ readonly type: string }>;

export interface AlertTargetModule<S extends TargetConfigSchema = TargetConfigSchema, C = core.output<S>> {
  /** The `type` of its config entries; the registry refuses two modules of one type. */
  readonly type: string;
  /** Its entry in sundown.config.json `targets`, validated when the config loads. */
  readonly schema: S;
  readonly capabilities: TargetCapabilities;
  /** Secrets a config entry makes Sundown read, for the config check and setup. */
  secretNames(config: C): readonly string[];
  /** Formats the alert the target's way and delivers it; failures are AlertDeliveryError. */
  sendAlert(alert: Alert, target: SendContext<C>): Promise<void>;
  sendNotice(notice: Notice, target: SendContext<C>): Promise<void>;
  /** Targets that page: tells the breach's incident of an acknowledgement or resolution made elsewhere. */
  follow?(action: FollowUpAction, dedupKey: string, target: SendContext<C>): Promise<void>;
  /** Interactive targets: the route they call Sundown back on when someone acts inside them (callback.ts). */
  readonly callback?: TargetCallback;
  /** An environment variable that replaces its fixed endpoint (`SendDeps.endpoints[type]`), for the local stack and tests. */
  readonly endpointSetting?: string;
  /** What `sundown setup` tells an admin to do in the target's console after deploy; undefined when nothing. */
  setup?(context: TargetSetupContext<C>): SetupStep | undefined;
}

/** Keeps a module's config type while checking it against the shape. */
export const defineTarget = <S extends TargetConfigSchema>(module: AlertTargetModule<S>): AlertTargetModule<S> =>
  module;
