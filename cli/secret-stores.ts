/**
 * Where `sundown secrets` reads and writes: the local stack's `.env` file, or a deployed stage's
 * Secrets Manager secrets (one JSON object per purpose, functions/config/secrets.ts). Both
 * merge: writing one name keeps every other name of the same secret.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  PutSecretValueCommand,
  type PutSecretValueCommandOutput,
} from '@aws-sdk/client-secrets-manager';
import type { SecretPurpose } from '../functions/config/secrets.ts';
import { CliError } from './output.ts';

export interface SecretStore {
  readonly kind: 'local' | 'aws';
  /** For messages: the file or the secret a purpose lives in. */
  where(purpose: SecretPurpose): string;
  /** The names and values set for a purpose; a secret still at its generated placeholder holds none. */
  read(purpose: SecretPurpose): Promise<Readonly<Record<string, string>>>;
  /** Sets one name, keeping every other name of that secret. */
  write(purpose: SecretPurpose, name: string, value: string): Promise<void>;
}

const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

const unquote = (raw: string): string => {
  const text = raw.trim();
  const quote = text[0];
  if ((quote === '"' || quote === "'" || quote === '`') && text.endsWith(quote) && text.length > 1) {
    return text.slice(1, -1);
  }
  return text.replace(/\s+#.*$/, '');
};

/** A value as Node's `.env` parser reads it back unchanged. */
const envValue = (value: string): string => {
  if (/^[A-Za-z0-9_./:+=@%?&,~-]*$/.test(value)) return value;
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"') && !value.includes('\\')) return `"${value}"`;
  throw new CliError('the value holds both kinds of quote, which a .env file cannot keep: set it in the environment');
};

/**
 * The local stack's secrets: `.env` (loaded by `npm start` and `npx sundown`). Every purpose is the
 * same file; a name set in the shell still wins over it, as in the local stack.
 */
export const localSecretStore = (path = '.env'): SecretStore => {
  const lines = (): string[] => (existsSync(path) ? readFileSync(path, 'utf8').split('\n') : []);
  return {
    kind: 'local',
    where: () => path,
    read: async () => {
      const values: Record<string, string> = {};
      for (const line of lines()) {
        const match = ENV_LINE.exec(line);
        if (match?.[1] && !line.trimStart().startsWith('#')) values[match[1]] = unquote(match[2] ?? '');
      }
      return values;
    },
    write: async (_purpose, name, value) => {
      const line = `${name}=${envValue(value)}`;
      const current = lines();
      const at = current.findIndex((text) => ENV_LINE.exec(text)?.[1] === name && !text.trimStart().startsWith('#'));
      if (at >= 0) current[at] = line;
      else {
        if (current.length > 0 && current.at(-1) === '') current.pop();
        current.push(line, '');
      }
      writeFileSync(path, current.join('\n'), { mode: 0o600 });
    },
  };
};

/** The two calls the CLI makes; a SecretsManagerClient, or a fake in tests. */
export interface SecretsManagerPort {
  send(command: GetSecretValueCommand): Promise<Pick<GetSecretValueCommandOutput, 'SecretString'>>;
  send(command: PutSecretValueCommand): Promise<Partial<PutSecretValueCommandOutput>>;
}

/** A secret's JSON object, or none while it holds the random string CloudFormation generated. */
const bundleOf = (secretString: string | undefined): Record<string, unknown> | undefined => {
  try {
    const parsed: unknown = JSON.parse(secretString ?? '');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** A deployed stage's secrets, by the ARN each purpose's stack output names. */
export const awsSecretStore = (
  client: SecretsManagerPort,
  arns: Readonly<Record<SecretPurpose, string>>,
): SecretStore => {
  const fetchBundle = async (purpose: SecretPurpose): Promise<Record<string, unknown>> => {
    const { SecretString } = await client
      .send(new GetSecretValueCommand({ SecretId: arns[purpose] }))
      .catch((error: unknown) => {
        throw new CliError(`cannot read the ${purpose} secret ${arns[purpose]}: ${(error as Error).message}`);
      });
    return bundleOf(SecretString) ?? {};
  };
  return {
    kind: 'aws',
    where: (purpose) => arns[purpose],
    read: async (purpose) =>
      Object.fromEntries(
        Object.entries(await fetchBundle(purpose)).filter((entry): entry is [string, string] => {
          return typeof entry[1] === 'string';
        }),
      ),
    write: async (purpose, name, value) => {
      const bundle = { ...(await fetchBundle(purpose)), [name]: value };
      await client
        .send(new PutSecretValueCommand({ SecretId: arns[purpose], SecretString: JSON.stringify(bundle) }))
        .catch((error: unknown) => {
          throw new CliError(`cannot write the ${purpose} secret ${arns[purpose]}: ${(error as Error).message}`);
        });
    },
  };
};
