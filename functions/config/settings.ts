/**
 * The one module that reads process.env. Everything else receives settings from here,
 * validated once per cold start.
 */
import { z } from 'zod';
import { ConfigError } from '../commons/errors.ts';
import { describeIssues, parseSundownConfig, readSundownConfigFile } from './load.ts';
import type { SundownConfig } from './schema.ts';

/** Set by the CDK bundling (esbuild `define`): the validated config, baked into each function. */
declare const __SUNDOWN_CONFIG__: string | undefined;

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const envSchema = z.object({
  TABLE_NAME: optionalText,
  INTAKE_QUEUE_URL: optionalText,
  INTAKE_DLQ_URL: optionalText,
  EVENT_BUS_NAME: optionalText,
  AWS_REGION: z.string().default('us-east-1'),
  /** Local stack and tests only: where DynamoDB Local and the SQS emulator listen. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  SQS_ENDPOINT: z.url().optional(),
  SUNDOWN_CONFIG: z.string().default('sundown.config.json'),
  /** On AWS: the Secrets Manager secret holding the webhook secrets. */
  SECRETS_ARN: optionalText,
  X_CONSUMER_SECRET: optionalText,
  META_APP_SECRET: optionalText,
  META_VERIFY_TOKEN: optionalText,
  INBOUND_WEBHOOK_SECRET: optionalText,
});

const INBOUND_SOURCE_SECRET = /^INBOUND_WEBHOOK_SECRET__[A-Z0-9_]+$/;

export type Settings = z.infer<typeof envSchema> & {
  /** Per-source overrides of INBOUND_WEBHOOK_SECRET, e.g. INBOUND_WEBHOOK_SECRET__EMAIL. */
  readonly inboundSourceSecrets: Readonly<Record<string, string>>;
};

let cachedSettings: Settings | undefined;
let cachedConfig: SundownConfig | undefined;

export const settings = (): Settings => {
  if (!cachedSettings) {
    const result = envSchema.safeParse(process.env);
    if (!result.success) throw new ConfigError(`environment is invalid:\n${describeIssues(result.error)}`);
    const inboundSourceSecrets = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => INBOUND_SOURCE_SECRET.test(entry[0]) && Boolean(entry[1]),
      ),
    );
    cachedSettings = { ...result.data, inboundSourceSecrets };
  }
  return cachedSettings;
};

/** A setting this function cannot run without; names the variable when it is missing. */
export const requireSetting = <K extends Exclude<keyof Settings, 'inboundSourceSecrets'>>(
  name: K,
): NonNullable<Settings[K]> => {
  const value = settings()[name];
  if (value === undefined || value === null) throw new ConfigError(`environment variable ${name} is required`);
  return value as NonNullable<Settings[K]>;
};

export const sundownConfig = (): SundownConfig => {
  if (!cachedConfig) {
    cachedConfig =
      typeof __SUNDOWN_CONFIG__ === 'string'
        ? parseSundownConfig(JSON.parse(__SUNDOWN_CONFIG__), 'bundled sundown config')
        : readSundownConfigFile(settings().SUNDOWN_CONFIG);
  }
  return cachedConfig;
};

/** Tests and the local stack change the environment between runs; this forgets what was read. */
export const resetSettingsCache = (): void => {
  cachedSettings = undefined;
  cachedConfig = undefined;
};
