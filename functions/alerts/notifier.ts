/**
 * The Notifier port over the target modules: a name from the config's `targets` finds its entry,
 * the entry's `type` finds its module in the registry, and the module formats and sends.
 */
import type { Notifier } from '../ports/notifier.ts';
import { AlertDeliveryError } from './errors.ts';
import { targetModule } from './targets/registry.ts';
import type { AlertTargetModule, SendContext, SendDeps } from './targets/target-module.ts';

export type { SendDeps } from './targets/target-module.ts';

type TargetEntries = Readonly<Record<string, { readonly type: string }>>;

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
    target: (name) => {
      const target = find(name);
      return target && { kind: target.module.type, capabilities: target.module.capabilities };
    },
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
