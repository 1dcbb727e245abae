/**
 * Secrets: webhook signing secrets, alert target URLs and keys, the link-signing key. On AWS: one
 * Secrets Manager secret per purpose (functions/config/secrets.ts), each a JSON object of
 * NAME: value, fetched through Powertools Parameters and cached at most 5 minutes. Locally:
 * environment variables of the same names. A value too short to be a real secret is refused
 * (logged once as an error naming it) and reads as not set. A composition root builds one reader.
 */
import * as z from 'zod/mini';
import { logger } from '../commons/logger.ts';
import {
  LINK_SECRET_NAMES,
  purposeOfSecret,
  SECRET_ARN_VARIABLES,
  type SecretPurpose,
  secretValueProblem,
} from '../config/secrets.ts';
import { environmentSecret, settings } from '../config/settings.ts';
import type { SecretRead, Secrets } from '../ports/secrets.ts';

/** A rotated (or revoked, leaked) secret stops working on warm functions within this. */
export const CACHE_SECONDS = 300;

const secretBundleSchema = z.record(z.string(), z.unknown());

/** Only JSON objects hold secrets; a secret still at its generated placeholder holds none. */
const bundleOf = (value: unknown): Record<string, unknown> => {
  const parsed = secretBundleSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
};

/** True on AWS: the function was told where at least one of its secrets lives. */
export const secretsOnAws = (): boolean =>
  Object.values(SECRET_ARN_VARIABLES).some((variable) => settings()[variable] !== undefined);

/** Reads one Secrets Manager secret, a JSON object (secrets-manager.ts). */
export type FetchSecret = (arn: string) => Promise<unknown>;

/** Most functions read a secret rarely (a hand-off's link): Secrets Manager's client loads with the first read. */
const fetchOnFirstRead: FetchSecret = async (arn) => (await import('./secrets-manager.ts')).fetchSecret(arn);

const storedValue = async (name: string, purpose: SecretPurpose, fetch: FetchSecret): Promise<unknown> => {
  const arn = settings()[SECRET_ARN_VARIABLES[purpose]];
  if (!arn) return secretsOnAws() ? undefined : environmentSecret(name);
  return bundleOf(await fetch(arn))[name];
};

export interface SecretReaderOptions {
  /** The platform names (the platform registry's), for the one function that reads them. @default none */
  readonly platformSecrets?: readonly string[];
  /** The callbacks' signing-secret names (the target registry's), for the one function that verifies them. @default none */
  readonly integrationSecrets?: readonly string[];
  /**
   * How a secret is fetched on AWS. Functions that read one on every request pass secrets-manager.ts's
   * `fetchSecret`, so its SDK client loads at cold start rather than in the first request.
   * @default the same, loaded with the first read
   */
  readonly fetch?: FetchSecret;
}

/** The secrets port over Secrets Manager (on AWS) or the environment (locally). */
export class SecretReader implements Secrets {
  private readonly declared: Readonly<Record<Exclude<SecretPurpose, 'targets'>, readonly string[]>>;
  private readonly reported = new Set<string>();
  private readonly checkedPurposes = new Set<SecretPurpose>();
  private readonly fetch: FetchSecret;

  constructor(options: SecretReaderOptions = {}) {
    this.declared = {
      platform: options.platformSecrets ?? [],
      integration: options.integrationSecrets ?? [],
      links: LINK_SECRET_NAMES,
    };
    this.fetch = options.fetch ?? fetchOnFirstRead;
  }

  async read(name: string): Promise<SecretRead> {
    const purpose = purposeOfSecret(name, this.declared);
    if (purpose !== 'targets' && !this.checkedPurposes.has(purpose)) {
      // The first read of a purpose after a cold start checks all its names, so a refused value is
      // logged, naming it, before a request needs it.
      this.checkedPurposes.add(purpose);
      await Promise.all(this.declared[purpose].map((other) => this.read(other).catch(() => undefined)));
    }
    const value = await storedValue(name, purpose, this.fetch);
    if (typeof value !== 'string' || value === '') return undefined;
    const problem = secretValueProblem(name, value);
    if (!problem) return { value };
    if (!this.reported.has(name)) logger.error('secret refused', { secret: name, reason: problem });
    this.reported.add(name);
    return { problem };
  }

  async get(name: string): Promise<string | undefined> {
    const read = await this.read(name);
    return read && 'value' in read ? read.value : undefined;
  }

  async require(name: string, neededFor: string): Promise<string> {
    const value = await this.get(name);
    if (!value) throw new Error(`secret ${name} is not set: ${neededFor}`);
    return value;
  }
}
