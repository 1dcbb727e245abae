/**
 * Every alert target, listed once. The config schema of `targets`, the notifier, the config check,
 * the callback routes and their secrets, `sundown setup` and the endpoint settings all read this
 * list; a new target is one folder and one line here.
 */
import * as z from 'zod/mini';
import type { CallbackSecret, TargetCallback } from './callback.ts';
import { consoleTarget } from './console/index.ts';
import { email } from './email/index.ts';
import { pagerDuty } from './pagerduty/index.ts';
import { slack } from './slack/index.ts';
import type { AlertTargetModule } from './target-module.ts';
import { teams } from './teams/index.ts';
import { webhook } from './webhook/index.ts';

export const TARGET_MODULES = [slack, pagerDuty, teams, email, webhook, consoleTarget] as const;

type BuiltInSchema = (typeof TARGET_MODULES)[number]['schema'];
/** One entry of sundown.config.json `targets`. */
export type AlertTarget = z.output<BuiltInSchema>;
export type AlertTargetType = AlertTarget['type'];

const modules = new Map<string, AlertTargetModule>(TARGET_MODULES.map((m) => [m.type, m]));

/** The module of a target type, or undefined when no module has that type. */
export const targetModule = (type: string): AlertTargetModule | undefined => modules.get(type);

/**
 * Adds a module after the built-in ones, for a target kept outside this repository or a test.
 * It must be registered before a config naming its type is parsed.
 */
export const registerTarget = (module: AlertTargetModule): void => {
  if (modules.has(module.type))
    throw new RangeError(`an alert target module of type ${module.type} is already registered`);
  modules.set(module.type, module);
  union = undefined;
};

/** Every registered module, built-in ones first. */
export const targetModules = (): readonly AlertTargetModule[] => [...modules.values()];

export interface RegisteredCallback {
  /** The target kind, recorded as who acted (`via`). */
  readonly type: string;
  readonly callback: TargetCallback;
}

/** The callback routes of every registered target, built-in ones first: the actions function serves them. */
export const targetCallbacks = (): readonly RegisteredCallback[] =>
  [...modules.values()].flatMap(({ type, callback }) => (callback ? [{ type, callback }] : []));

/** The secrets the registered callbacks are signed with: the names of the integration purpose. */
export const callbackSecrets = (): readonly CallbackSecret[] =>
  targetCallbacks().map(({ callback }) => callback.secret);

/**
 * The environment variables that replace a target kind's endpoint (local stack and tests): for
 * sending (`SendDeps.endpoints`) or for a callback's reply (`ReplyDeps.endpoints`).
 */
export const endpointSettings = (use: 'send' | 'callback'): Readonly<Record<string, string>> =>
  Object.fromEntries(
    targetModules().flatMap(({ type, endpointSetting, callback }) => {
      const setting = use === 'send' ? endpointSetting : callback?.endpointSetting;
      return setting ? [[type, setting]] : [];
    }),
  );

/** Every secret the configured targets make Sundown read, each named by its module. */
export const targetSecretNames = (targets: Readonly<Record<string, { readonly type: string }>>): string[] =>
  Object.values(targets).flatMap((config) => [...(targetModule(config.type)?.secretNames(config) ?? [])]);

let union: z.ZodMiniType | undefined;
const unionOfModules = (): z.ZodMiniType =>
  (union ??= z.discriminatedUnion(
    'type',
    [...modules.values()].map((m) => m.schema) as unknown as [z.ZodMiniObject, ...z.ZodMiniObject[]],
  ));

/** `targets.<name>`: one of the registered modules' entries, chosen by `type`. */
export const targetSchema = z.lazy(unionOfModules) as unknown as z.ZodMiniType<AlertTarget, z.input<BuiltInSchema>>;
