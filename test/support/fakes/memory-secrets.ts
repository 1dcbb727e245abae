/** Secrets from a map, refusing what the real adapter refuses (config/secrets.ts), so 503s and weak values behave alike. */
import { secretValueProblem } from '../../../functions/config/secrets.ts';
import type { SecretRead } from '../../../functions/ports/secrets.ts';
import type { Secrets } from '../../../functions/ports.ts';

export class MemorySecrets implements Secrets {
  readonly #values: Map<string, string>;

  constructor(values: Readonly<Record<string, string>> = {}) {
    this.#values = new Map(Object.entries(values));
  }

  set(name: string, value: string): void {
    this.#values.set(name, value);
  }

  async read(name: string): Promise<SecretRead> {
    const value = this.#values.get(name);
    if (!value) return undefined;
    const problem = secretValueProblem(name, value);
    return problem ? { problem } : { value };
  }

  async get(name: string): Promise<string | undefined> {
    const read = await this.read(name);
    return read && 'value' in read ? read.value : undefined;
  }

  async require(name: string, neededFor: string): Promise<string> {
    const value = await this.get(name);
    if (value === undefined) throw new Error(`secret ${name} is not set: ${neededFor}`);
    return value;
  }
}
