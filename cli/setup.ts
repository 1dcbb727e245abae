/** `sundown setup`: the registrations left after `cdk deploy`, each with the stack's real URL. */
import type { SundownConfig } from '../functions/config/schema.ts';
import type { StackUrls } from './deployment.ts';
import { type Io, json } from './output.ts';
import { setupSteps } from './setup-steps.ts';

export const setupCommand = (
  io: Io,
  options: { config: SundownConfig; urls: StackUrls; label: string; stackFlag: string; json?: boolean },
): number => {
  const steps = setupSteps(options.config, options.urls, options.stackFlag);
  if (options.json) {
    io.out(
      json({ target: options.label, publicUrl: options.urls.publicUrl, endpoints: options.urls.endpoints, steps }),
    );
    return 0;
  }
  io.out(`Next steps for ${options.label}, reached at ${options.urls.publicUrl}`);
  steps.forEach((step, i) => {
    io.out('');
    io.out(`${i + 1}. ${step.title}`);
    for (const line of step.lines) io.out(`   ${line}`);
  });
  return 0;
};
