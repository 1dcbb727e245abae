/** Named secrets (signing keys, target URLs): Secrets Manager on AWS, environment variables locally. */
export interface Secrets {
  /** The value, or undefined when it is not set or refused as too weak. */
  get(name: string): Promise<string | undefined>;
  /** The value; throws, naming the secret and what needed it, when it is not set. */
  require(name: string, neededFor: string): Promise<string>;
}
