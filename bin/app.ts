#!/usr/bin/env -S npx tsx
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../functions/commons/errors.ts';
import { readSundownConfigFile } from '../functions/config/load.ts';
import { LOG_LEVELS } from '../functions/config/operations-schema.ts';
import type { SundownConfig } from '../functions/config/schema.ts';
import { buildSundownApp } from '../lib/sundown-app.ts';

const loadConfig = (path: string): SundownConfig => {
  try {
    return readSundownConfigFile(path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
};

const app = new App();
const stage: string = app.node.tryGetContext('stage') ?? 'dev';

/** A `-c name=value` setting that must be one of `choices`; absent is undefined. */
const contextChoice = <T extends string>(name: string, choices: readonly T[]): T | undefined => {
  const value = app.node.tryGetContext(name);
  if (value === undefined) return undefined;
  if (!choices.includes(String(value) as T)) {
    console.error(`-c ${name} must be one of ${choices.join(', ')}, got "${value}"`);
    process.exit(1);
  }
  return String(value) as T;
};
// Every stage keeps its data unless it is marked disposable: `-c disposable=true` (or in cdk.json).
const disposable = contextChoice('disposable', ['true', 'false']) ?? 'false';
const tracing = contextChoice('tracing', ['true', 'false']);
buildSundownApp(app, {
  config: loadConfig(process.env.SUNDOWN_CONFIG ?? 'sundown.config.json'),
  stage,
  protect: disposable !== 'true',
  logLevel: contextChoice('logLevel', LOG_LEVELS),
  ...(tracing && { tracing: tracing === 'true' }),
  alarmEmail: app.node.tryGetContext('alarmEmail'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// cdk-nag (AwsSolutions) fails `cdk synth` and `cdk deploy` on any unacknowledged finding; `-c nag=false` skips it.
if (String(app.node.tryGetContext('nag')) !== 'false') Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
