/**
 * `sundown config check [file] [--against base]`: validates a config file with the schema the
 * stack uses and lists what deploying it would change against the base, section by section,
 * matching entries by key (policies by name, accounts by channel and id).
 */
import { readFileSync } from 'node:fs';
import { callbackSecrets, targetSecretNames } from '../functions/alerts/targets/registry.ts';
import { readSundownConfigFile } from '../functions/config/load.ts';
import { type SundownConfig, sundownConfigSchema } from '../functions/config/schema.ts';
import { type DeclaredSecretNames, LINK_SECRET_NAMES, secretValueProblem } from '../functions/config/secrets.ts';
import { environmentSecret } from '../functions/config/settings.ts';
import { platformSecretNames } from '../functions/platforms/derived.ts';
import { CliError, type Io, json, table } from './output.ts';

export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

export interface ConfigChange {
  readonly section: string;
  readonly key: string;
  readonly change: 'added' | 'removed' | 'changed';
}

type Keyed = Readonly<Record<string, unknown>>;

const byKey = <T>(items: readonly T[], key: (item: T) => string): Keyed =>
  Object.fromEntries(items.map((item) => [key(item), item]));

const asKeyed = (name: string, value: unknown): Keyed =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Keyed) : { [name]: value };

/** Each section of the config as a map from key to entry, so two configs compare entry by entry. */
const sections = (config: SundownConfig): Record<string, Keyed> => {
  const specific: Record<string, Keyed> = {
    accounts: byKey(config.accounts, (account) => `${account.channel}:${account.id}`),
    'sla.policies': byKey(config.sla.policies, (policy) => policy.name),
    // Policies are tried in order, so reordering them is a change of its own.
    'sla.policies order': { order: config.sla.policies.map((policy) => policy.name) },
    'sla.sundownCalendar': { sundownCalendar: config.sla.sundownCalendar },
  };
  // Every other section (including ones added later) compares by its own keys.
  const rest = Object.entries(config)
    .filter(([name]) => !['$schema', 'accounts', 'sla'].includes(name))
    .map(([name, value]) => [name, asKeyed(name, value)] as const);
  return { ...Object.fromEntries(rest), ...specific };
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export const diffConfigs = (base: SundownConfig, next: SundownConfig): ConfigChange[] => {
  const before = sections(base);
  const after = sections(next);
  const changes: ConfigChange[] = [];
  for (const section of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = before[section] ?? {};
    const is = after[section] ?? {};
    for (const key of new Set([...Object.keys(was), ...Object.keys(is)])) {
      const old = was[key];
      const now = is[key];
      if (old === undefined && now !== undefined) changes.push({ section, key, change: 'added' });
      else if (old !== undefined && now === undefined) changes.push({ section, key, change: 'removed' });
      else if (!same(old, now)) changes.push({ section, key, change: 'changed' });
    }
  }
  return changes;
};

const readJson = (path: string): unknown => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
};

const summaryOf = (config: SundownConfig) => ({
  brand: config.brand.name,
  accounts: config.accounts.length,
  inboundSources: Object.keys(config.inboundSources).length,
  policies: config.sla.policies.length,
  escalationChains: Object.keys(config.escalationChains).length,
  targets: Object.keys(config.targets).length,
  departments: Object.keys(config.departments).length,
  calendars: Object.keys(config.calendars).length,
});

const SUMMARY_LABELS: Record<string, string> = {
  inboundSources: 'inbound sources',
  policies: 'SLA policies',
  escalationChains: 'escalation chains',
  targets: 'alert targets',
};

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

/** The platform and integration names this config makes Sundown read, from the platform and target registries. */
export const declaredSecretNames = (config: SundownConfig): Required<DeclaredSecretNames> => ({
  platform: platformSecretNames(config),
  integration: callbackSecrets().map((secret) => secret.name),
});

/** Every secret name this config makes Sundown read: each platform's (each inbound source's own too), each callback's, the links', each target's. */
export const secretNamesOf = (config: SundownConfig): string[] => {
  const { platform, integration } = declaredSecretNames(config);
  return [...new Set([...platform, ...integration, ...LINK_SECRET_NAMES, ...targetSecretNames(config.targets)])];
};

/**
 * The secrets set in this environment (the local stack's, or an operator's shell before
 * put-secret-value) whose value Sundown would refuse at cold start. Unset ones are not an issue here.
 */
export const secretIssues = (config: SundownConfig, lookup: (name: string) => string | undefined): ConfigIssue[] =>
  secretNamesOf(config).flatMap((name) => {
    const value = lookup(name);
    const problem = value ? secretValueProblem(name, value) : undefined;
    return problem ? [{ path: `secrets.${name}`, message: problem }] : [];
  });

/** Exit code 1 and every issue with its field path when the file, or a secret set in the environment, is invalid. */
export const configCheck = (io: Io, options: { file: string; against: string; json?: boolean }): number => {
  const result = sundownConfigSchema.safeParse(readJson(options.file));
  const secretProblems = result.success ? secretIssues(result.data, environmentSecret) : [];
  if (!result.success || secretProblems.length > 0) {
    const issues: ConfigIssue[] = result.success
      ? secretProblems
      : result.error.issues.map((issue) => ({
          path: issue.path.length ? issue.path.join('.') : '(root)',
          message: issue.message,
        }));
    if (options.json) io.out(json({ file: options.file, valid: false, issues }));
    else io.err(`${options.file} is invalid:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    return 1;
  }
  let base: SundownConfig;
  try {
    base = readSundownConfigFile(options.against);
  } catch (error) {
    throw new CliError(`the base to compare with is unusable: ${(error as Error).message}`);
  }
  const summary = summaryOf(result.data);
  const changes = diffConfigs(base, result.data);
  if (options.json) {
    io.out(json({ file: options.file, valid: true, summary, against: options.against, changes }));
    return 0;
  }
  const counts = Object.entries(summary)
    .filter(([name]) => name !== 'brand')
    .map(([name, count]) => `${count} ${SUMMARY_LABELS[name] ?? name}`)
    .join(', ');
  io.out(`${options.file} is valid: brand "${summary.brand}", ${counts}`);
  if (changes.length === 0) {
    io.out(`No changes against ${options.against}.`);
    return 0;
  }
  io.out(`What would change against ${options.against} (${changes.length}):`);
  io.out(
    table(
      changes.map((c) => ({ '': SIGN[c.change], section: c.section, key: c.key, change: c.change })),
      ['', 'section', 'key', 'change'],
    ),
  );
  return 0;
};
