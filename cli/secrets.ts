/**
 * `sundown secrets set KEY` and `sundown secrets check`: the secrets this config makes Sundown
 * read, written into the secret of their purpose without touching the others (the generated
 * LINK_SIGNING_SECRET included), and checked for what the functions would refuse or cannot use.
 */
import type { SundownConfig } from '../functions/config/schema.ts';
import {
  purposeOfSecret,
  SECRET_PURPOSES,
  type SecretPurpose,
  secretValueProblem,
} from '../functions/config/secrets.ts';
import { developmentSecrets } from '../local/development-secrets.ts';
import { declaredSecretNames, secretNamesOf } from './config-check.ts';
import { CliError, type Io, json, table } from './output.ts';
import type { SecretStore } from './secret-stores.ts';

export type SecretStatus = 'ok' | 'missing' | 'too short' | 'placeholder' | 'development value';

/** Values copied from an example rather than issued: `…`, `<…>`, `changeme`, `whsec_...`, `your-secret`. */
const PLACEHOLDER_WORDS =
  /^(?:x+|changeme|change[-_ ]?me|replace[-_ ]?me|todo|tbd|placeholder|secret|password|dummy|example|null|undefined|none)$/i;
const looksLikePlaceholder = (value: string): boolean => {
  const text = value.trim();
  return (
    PLACEHOLDER_WORDS.test(text) ||
    text.includes('…') ||
    text.includes('...') ||
    /^<.*>$/.test(text) ||
    /^your[-_ ]/i.test(text) ||
    /change[-_ ]?me|replace[-_ ]?me|placeholder/i.test(text)
  );
};

const isDevelopmentValue = (name: string, value: string): boolean => developmentSecrets()[name] === value;

/** What a value set for `name` is, in the store it was read from. */
export const statusOf = (store: SecretStore, name: string, value: string | undefined): SecretStatus => {
  if (value === undefined || value === '')
    return store.kind === 'local' && name in developmentSecrets() ? 'development value' : 'missing';
  if (secretValueProblem(name, value)) return 'too short';
  if (looksLikePlaceholder(value)) return 'placeholder';
  // The development values are public (they are in this repository): fine locally, a forgery key on AWS.
  if (store.kind === 'aws' && isDevelopmentValue(name, value)) return 'placeholder';
  return 'ok';
};

const PROBLEMS: ReadonlySet<SecretStatus> = new Set(['missing', 'too short', 'placeholder']);

const HINTS: Readonly<Record<SecretStatus, string>> = {
  ok: '',
  missing: 'not set: sundown secrets set <name>',
  'too short': 'refused by the functions: shorter than the minimum',
  placeholder: 'an example value, not the issued one',
  'development value': 'not set: the local stack uses its development value',
};

export interface SecretReport {
  readonly name: string;
  readonly purpose: SecretPurpose;
  readonly status: SecretStatus;
}

export const secretsCheck = async (
  io: Io,
  store: SecretStore,
  options: { config: SundownConfig; json?: boolean; label: string },
): Promise<number> => {
  const names = secretNamesOf(options.config);
  const bundles = Object.fromEntries(
    await Promise.all(SECRET_PURPOSES.map(async (purpose) => [purpose, await store.read(purpose)] as const)),
  ) as Record<SecretPurpose, Readonly<Record<string, string>>>;
  const report: SecretReport[] = names.map((name) => {
    const purpose = purposeOfSecret(name, declaredSecretNames(options.config));
    return { name, purpose, status: statusOf(store, name, bundles[purpose][name]) };
  });
  const problems = report.filter((entry) => PROBLEMS.has(entry.status));
  if (options.json) {
    io.out(json({ target: options.label, ok: problems.length === 0, secrets: report }));
  } else {
    io.out(
      table(
        report.map((entry) => ({ ...entry, '': HINTS[entry.status] })),
        ['name', 'purpose', 'status', ''],
      ),
    );
    io.out(
      problems.length === 0
        ? `All ${report.length} secrets of ${options.label} are usable.`
        : `${problems.length} of ${report.length} secrets of ${options.label} need attention: ${problems.map((p) => p.name).join(', ')}`,
    );
  }
  return problems.length === 0 ? 0 : 1;
};

/** A piped value ends with the newline `echo` adds; a secret never does. */
const withoutFinalNewline = (value: string): string => value.replace(/\r?\n$/, '');

export const secretsSet = async (
  io: Io,
  store: SecretStore,
  options: { config: SundownConfig; name: string; label: string; json?: boolean },
): Promise<number> => {
  const known = secretNamesOf(options.config);
  if (!known.includes(options.name)) {
    throw new CliError(
      `${options.name} is not a secret Sundown reads with this config; known secrets: ${known.join(', ')}`,
    );
  }
  if (!io.readSecret) throw new CliError('no value: pipe it on standard input or run in a terminal to be asked');
  const value = withoutFinalNewline(await io.readSecret(`Value of ${options.name} (not shown): `));
  if (value === '') throw new CliError(`no value given for ${options.name}: nothing changed`);
  if (/[\r\n]/.test(value)) throw new CliError(`the value of ${options.name} spans lines: nothing changed`);
  const problem = secretValueProblem(options.name, value);
  if (problem) throw new CliError(`${problem}; nothing changed`);
  const status = statusOf(store, options.name, value);
  if (status === 'placeholder') {
    throw new CliError(`the value of ${options.name} looks like an example, not an issued secret: nothing changed`);
  }
  const purpose = purposeOfSecret(options.name, declaredSecretNames(options.config));
  await store.write(purpose, options.name, value);
  if (options.json) io.out(json({ target: options.label, name: options.name, purpose, where: store.where(purpose) }));
  else {
    io.out(
      `${options.name} set in the ${purpose} secret of ${options.label} (${store.where(purpose)}); other names kept.`,
    );
    io.out(
      store.kind === 'local'
        ? 'Restart `npm start` to use it.'
        : 'Functions use it within 5 minutes (their secret cache), new cold starts at once.',
    );
  }
  return 0;
};
