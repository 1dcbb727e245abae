/**
 * The one module that reads process.env. Everything else receives settings from here,
 * validated once per cold start.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { ConfigError } from '../commons/errors.ts';
import { describeIssues, readSundownConfigFile } from './load.ts';
import type { SundownConfig } from './schema.ts';

/** Set by the CDK bundling (esbuild `define`): the validated config, baked into each function. */
declare const __SUNDOWN_CONFIG__: string | undefined;

// zod/mini, like the contracts (domain/contract.ts): every function checks its environment at start; English messages.
z.config(en());

const optionalText = z.pipe(
  z.optional(z.string()),
  z.transform((value: string | undefined) => (value === '' ? undefined : value)),
);

const envSchema = z.object({
  TABLE_NAME: optionalText,
  INTAKE_QUEUE_URL: optionalText,
  INTAKE_DLQ_URL: optionalText,
  TIMER_QUEUE_URL: optionalText,
  TIMER_DLQ_URL: optionalText,
  ALERT_QUEUE_URL: optionalText,
  ALERT_DLQ_URL: optionalText,
  /** JSON object: e-mail alert target name -> SNS topic ARN (one topic per target). */
  EMAIL_TOPICS: z.pipe(
    z._default(z.string(), '{}'),
    z.transform((text: string, ctx) => {
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(text));
      } catch {
        ctx.issues.push({ code: 'custom', message: 'must be a JSON object of target name to topic ARN', input: text });
        return z.NEVER;
      }
    }),
  ),
  /** Base URL of the HTTP API for links in alerts, when the config does not name one. */
  PUBLIC_BASE_URL: optionalText,
  EVENT_BUS_NAME: optionalText,
  /** The team console's hosted sign-in (Cognito domain, or the local issuer): `/oauth2/authorize` and `/oauth2/token` under it. */
  CONSOLE_SIGN_IN_URL: z.optional(z.url()),
  /** The console's app client id, the audience of its tokens. */
  CONSOLE_CLIENT_ID: optionalText,
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  /** Local stack and tests only: where DynamoDB Local and the SQS emulator listen. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SQS_ENDPOINT: z.optional(z.url()),
  SUNDOWN_CONFIG: z._default(z.string(), 'sundown.config.json'),
  /** On AWS: the Secrets Manager secret of each purpose this function may read (functions/config/secrets.ts). */
  PLATFORM_SECRETS_ARN: optionalText,
  INTEGRATION_SECRETS_ARN: optionalText,
  LINK_SECRETS_ARN: optionalText,
  TARGET_SECRETS_ARN: optionalText,
  /** A queue consumer copy's share of the table's write units per second (lib/write-budget.ts); unset: no limit. */
  WRITE_UNITS_PER_SECOND: z.optional(
    z.pipe(
      z.string(),
      z.transform((text: string, ctx) => {
        const value = Number(text);
        if (Number.isFinite(value) && value > 0) return value;
        ctx.issues.push({ code: 'custom', message: 'must be a positive number', input: text });
        return z.NEVER;
      }),
    ),
  ),
  /** `emf` on AWS (set by the CDK): metrics go to CloudWatch as EMF log lines. `off` keeps stdout quiet. */
  SUNDOWN_METRICS: z._default(z.enum(['emf', 'off']), 'off'),
  /** The deployment stage, a dimension of every metric so stages sharing an account never mix. */
  SUNDOWN_STAGE: z._default(z.string().check(z.minLength(1)), 'local'),
  /** Set by the Lambda runtime; names the emitting function in metrics. */
  AWS_LAMBDA_FUNCTION_NAME: z._default(z.string().check(z.minLength(1)), 'local'),
});

export type Settings = z.infer<typeof envSchema>;

let cachedSettings: Settings | undefined;
let cachedConfig: SundownConfig | undefined;

export const settings = (): Settings => {
  if (!cachedSettings) {
    const result = envSchema.safeParse(process.env);
    if (!result.success) throw new ConfigError(`environment is invalid:\n${describeIssues(result.error)}`);
    cachedSettings = result.data;
  }
  return cachedSettings;
};

/** A setting this function cannot run without; names the variable when it is missing. */
export const requireSetting = <K extends keyof Settings>(name: K): NonNullable<Settings[K]> => {
  const value = settings()[name];
  if (value === undefined || value === null) throw new ConfigError(`environment variable ${name} is required`);
  return value as NonNullable<Settings[K]>;
};

/**
 * The URLs the alert target modules let the local stack and tests put in place of a fixed endpoint,
 * by the variable each module declares (alerts/targets/registry.ts `endpointSettings`): target kind to URL.
 */
export const endpointOverrides = (declared: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(declared).flatMap(([kind, variable]) => {
      const value = process.env[variable];
      if (value === undefined || value === '') return [];
      if (!z.url().safeParse(value).success) throw new ConfigError(`environment variable ${variable} must be a URL`);
      return [[kind, value]];
    }),
  );

/**
 * Locally, secrets are environment variables (a .env file is loaded by the local stack). On AWS
 * they never are: functions read them from Secrets Manager (adapters/secrets.ts).
 */
export const environmentSecret = (name: string): string | undefined => {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new ConfigError(`secret name ${name} is not UPPER_SNAKE_CASE`);
  return process.env[name];
};

export const sundownConfig = (): SundownConfig => {
  if (!cachedConfig) {
    // The bundled config is the schema's output, validated at synth (lib/constructs/bundling.ts): parsing
    // it again would put every config schema, and the alert target modules they name, in each bundle.
    cachedConfig =
      typeof __SUNDOWN_CONFIG__ === 'string'
        ? (JSON.parse(__SUNDOWN_CONFIG__) as SundownConfig)
        : readSundownConfigFile(settings().SUNDOWN_CONFIG);
  }
  return cachedConfig;
};

/** Tests and the local stack change the environment between runs; this forgets what was read. */
export const resetSettingsCache = (): void => {
  cachedSettings = undefined;
  cachedConfig = undefined;
};
