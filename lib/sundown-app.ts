import type { App, Environment } from 'aws-cdk-lib';
import type { LogLevel } from '../functions/config/operations-schema.ts';
import type { SundownConfig } from '../functions/config/schema.ts';
import { ServiceStack } from './stacks/service-stack.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';

export interface SundownAppOptions {
  /** The validated sundown.config.json. */
  readonly config: SundownConfig;
  /** Lower-case letters, digits and dashes; names the stacks `Sundown-<stage>-*` and the bus `sundown-<stage>`. */
  readonly stage: string;
  /**
   * Keep the data whatever happens: the table and secrets survive the stack, the table has
   * deletion protection and point-in-time recovery, the stateful stack termination protection.
   * Only a disposable stage (a test or a demo, `-c disposable=true`) turns it off.
   * @default true
   */
  readonly protect?: boolean;
  /** @default - no e-mail subscription on the alarm topic */
  readonly alarmEmail?: string;
  /** @default - environment-agnostic stacks */
  readonly env?: Environment;
  /** The functions' application log level (`-c logLevel=…`). @default config.operations.logLevel */
  readonly logLevel?: LogLevel;
  /** X-Ray active tracing on every function (`-c tracing=true`). @default config.operations.tracing */
  readonly tracing?: boolean;
}

export interface SundownStacks {
  readonly state: StatefulStack;
  readonly service: ServiceStack;
}

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

/** Adds Sundown's two stacks to `app`. Pure wiring: tests call it with any config and stage. */
export const buildSundownApp = (app: App, options: SundownAppOptions): SundownStacks => {
  const { config, stage, alarmEmail, env } = options;
  if (!STAGE.test(stage)) {
    throw new Error(`stage "${stage}" must start with a letter and use only a-z, 0-9 and -, at most 20 characters`);
  }
  const protect = options.protect ?? true;
  const tags = { app: 'sundown', stage };

  const state = new StatefulStack(app, `Sundown-${stage}-State`, {
    env,
    tags,
    stage,
    protect,
    alarmEmail,
    domain: config.deployment.domain,
    table: config.deployment.table,
    terminationProtection: protect,
    description: `Sundown ${stage}: table, queues, event bus, secrets, alarm topic, HTTP API and its domain`,
  });
  const service = new ServiceStack(app, `Sundown-${stage}-Service`, {
    env,
    tags,
    stage,
    config,
    table: state.table,
    intake: state.intake,
    timers: state.timers,
    alerts: state.alerts,
    bus: state.bus,
    secrets: state.secrets,
    alarmTopic: state.alarmTopic,
    frontDoor: state.httpApi,
    signIn: {
      issuer: state.signIn.issuer,
      clientId: state.signIn.client.userPoolClientId,
      hostedUrl: state.signIn.domain.baseUrl(),
    },
    logLevel: options.logLevel,
    tracing: options.tracing,
    description: `Sundown ${stage}: functions, API stage and routes`,
  });
  return { state, service };
};
