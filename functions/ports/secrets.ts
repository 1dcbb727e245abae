/** Named secrets (signing keys, target URLs): Secrets Manager on AWS, environment variables locally. */

/** A secret's value, why its value is refused (too weak), or undefined when it is not set. */
export type SecretRead = { readonly value: string } | { readonly problem: string } | undefined;

export interface Secrets {
  read(name: string): Promise<SecretRead>;
  /** The value, or undefined when it is not set or refused as too weak. */
  get(name: string): Promise<string | undefined>;
  /** The value; throws `secret NAME is not set: neededFor` when it is not set or refused. */
  require(name: string, neededFor: string): Promise<string>;
}
