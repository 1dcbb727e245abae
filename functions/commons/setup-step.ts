/**
 * What `sundown setup` prints after `cdk deploy`: each platform and alert target module declares
 * its own steps (the registrations left to do in the platform's or target's console), and the CLI
 * lists them in registry order without naming any.
 */

export interface SetupStep {
  readonly title: string;
  readonly lines: readonly string[];
}

/** What a module's steps may use of the deployed stack. */
export interface SetupLinks {
  /** The stack's public URL of a route path (its parameters filled in), or undefined when the stack serves none. */
  urlOf(path: string): string | undefined;
  /** The command that stores a secret on this stack, e.g. `npx sundown secrets set NAME --stack prod`. */
  storeSecret(name: string): string;
}
