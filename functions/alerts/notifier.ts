/**
 * The Notifier port over the target modules: a name from the config's `targets` finds its entry,
 * the entry's `type` finds its module in the registry, and the module formats and sends.
 */
import type { Notifier, NotifierTarget } from '../ports/notifier.ts';
import { AlertDeliveryError } from './errors.ts';
import { targetModule } from './targets/registry.ts';
import type { AlertTargetModule, SendContext, SendDeps } from './targets/target-module.ts';

export type { SendDeps } from './targets/target-module.ts';

type TargetEntries = Readonly<Record<string, { readonly type: string }>>;

/** The named target's kind and capabilities, or undefined when the config names no such target. */
export const describeTarget = (targets: TargetEntries, name: string): NotifierTarget | undefined => {
  const module = targets[name] && targetModule(targets[name].type);
  return module && { kind: module.type, capabilities: module.capabilities };
};

export const targetNotifier = (targets: TargetEntries, deps: SendDeps): Notifier => {
  const find = (name: string): { module: AlertTargetModule; context: SendContext<never> } | undefined => {
    const config = targets[name];
    const module = config && targetModule(config.type);
    return module && { module, context: { name, config: config as never, deps } };
  };
  const found = (name: string) => {
    const target = find(name);
    if (!target) {
      throw new AlertDeliveryError({
        target: name,
        reason: `no alert target named ${name} in the config`,
        permanent: true,
      });
    }
    return target;
  };
  return {
    target: (name) => describeTarget(targets, name),
    alert: async (name, alert) => {
      const { module, context } = found(name);
      await module.sendAlert(alert, context);
    },
    notice: async (name, notice) => {
      const { module, context } = found(name);
      await module.sendNotice(notice, context);
    },
    follow: async (name, action, dedupKey) => {
      const { module, context } = found(name);
      await module.follow?.(action, dedupKey, context);
    },
  };
};
