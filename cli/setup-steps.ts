/**
 * What `sundown setup` tells an admin to do after `cdk deploy`, with the stack's real URLs: each
 * platform module's and alert target module's own steps (functions/commons/setup-step.ts), in
 * registry order, then the checks. Each step is a list of lines, so the command prints them and
 * tests read them.
 */
import { targetModules } from '../functions/alerts/targets/registry.ts';
import type { SetupLinks, SetupStep } from '../functions/commons/setup-step.ts';
import type { SundownConfig } from '../functions/config/schema.ts';
import { PLATFORMS } from '../functions/platforms/derived.ts';
import { type StackUrls, urlOfPath } from './deployment.ts';

export type { SetupStep };

const targetsOfType = (config: SundownConfig, type: string) =>
  Object.entries(config.targets as Readonly<Record<string, { readonly type: string }>>)
    .filter(([, target]) => target.type === type)
    .map(([name, target]) => ({ name, config: target }));

export const setupSteps = (config: SundownConfig, urls: StackUrls, stack: string): SetupStep[] => {
  const links: SetupLinks = {
    urlOf: (path) => urlOfPath(urls, path),
    storeSecret: (name) => `npx sundown secrets set ${name} ${stack}`,
  };
  const steps = [
    ...PLATFORMS.map((platform) => platform.setup?.(config, links)),
    ...targetModules().map((module) =>
      module.setup?.({ ...links, brand: config.brand.name, targets: targetsOfType(config, module.type) }),
    ),
    { title: 'Check everything', lines: [`npx sundown secrets check ${stack}`, `npx sundown doctor ${stack}`] },
  ];
  return steps.filter((step): step is SetupStep => step !== undefined);
};
