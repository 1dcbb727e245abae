/**
 * Development-only secrets so a fresh clone works at once; never used on AWS. The local stack
 * falls back to them, and `npx sundown replay` signs with them, when the environment names none.
 * Each platform module and each target callback declares its own; read when asked, so a module
 * registered later (one kept outside the repository, a test's) has its value too.
 */
import { callbackSecrets } from '../functions/alerts/targets/registry.ts';
import { platformDevelopmentSecrets } from '../functions/platforms/derived.ts';

export const developmentSecrets = (): Readonly<Record<string, string>> => ({
  ...platformDevelopmentSecrets(),
  ...Object.fromEntries(callbackSecrets().map((secret) => [secret.name, secret.development])),
  LINK_SIGNING_SECRET: 'local-link-signing-secret',
});
