/**
 * What the deployment decides and the bill depends on, read from the CDK app itself (synthesized
 * in memory as `cdk synth` would, without bundling): each function's memory, architecture, log
 * level and metrics mode, and each index's key and projection. Nothing here is a guess that could
 * drift from lib/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import { buildSundownApp } from '../../lib/sundown-app.ts';
import type { IndexShape, TableShape } from './aws-rules.ts';

export type MeteredFunction = 'webhooks' | 'intake' | 'timers' | 'sweeper' | 'alerts';

export interface DeployedFunction {
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
  /** The application log level the function runs at: Powertools' INFO unless the deployment sets one. */
  readonly logLevel: string;
  /** SUNDOWN_METRICS: 'emf' writes metrics as log lines. */
  readonly metrics: string;
}

export interface Deployment {
  readonly functions: Readonly<Record<MeteredFunction, DeployedFunction>>;
  readonly table: TableShape;
}

const repoFile = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

const functionOf = (template: Template, fn: LambdaFunction): DeployedFunction => {
  const id = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement);
  const properties = template.Resources[id]?.Properties;
  if (!properties) throw new Error(`the synthesized template has no function ${id}`);
  const variables = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
    {}) as Record<string, unknown>;
  const logging = (properties.LoggingConfig ?? {}) as { ApplicationLogLevel?: string };
  const [architecture = 'x86_64'] = (properties.Architectures ?? []) as ('arm64' | 'x86_64')[];
  return {
    // CloudFormation's default when the construct sets none.
    memoryMb: Number(properties.MemorySize ?? 128),
    architecture,
    logLevel: String(variables.POWERTOOLS_LOG_LEVEL ?? logging.ApplicationLogLevel ?? 'INFO'),
    metrics: String(variables.SUNDOWN_METRICS ?? 'off'),
  };
};

interface CfnIndex {
  IndexName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  Projection?: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
}

const tableOf = (template: Template): TableShape => {
  const tables = Object.values(template.Resources).filter((r) => r.Type.startsWith('AWS::DynamoDB::'));
  if (tables.length !== 1) throw new Error(`expected one DynamoDB table in the stateful stack, found ${tables.length}`);
  const properties = (tables[0] as { Properties: Record<string, unknown> }).Properties;
  const keyOf = (schema: CfnIndex['KeySchema'], type: 'HASH' | 'RANGE') =>
    schema.find((key) => key.KeyType === type)?.AttributeName;
  const schema = properties.KeySchema as CfnIndex['KeySchema'];
  const indexes = ((properties.GlobalSecondaryIndexes ?? []) as CfnIndex[]).map(
    (index): IndexShape => ({
      name: index.IndexName,
      partitionKey: keyOf(index.KeySchema, 'HASH') ?? '',
      ...(keyOf(index.KeySchema, 'RANGE') && { sortKey: keyOf(index.KeySchema, 'RANGE') }),
      // CloudFormation's default projection is KEYS_ONLY; CDK writes ALL unless told otherwise.
      projection:
        index.Projection?.ProjectionType === 'INCLUDE'
          ? (index.Projection.NonKeyAttributes ?? [])
          : (index.Projection?.ProjectionType ?? 'KEYS_ONLY'),
    }),
  );
  return {
    partitionKey: keyOf(schema, 'HASH') ?? '',
    ...(keyOf(schema, 'RANGE') && { sortKey: keyOf(schema, 'RANGE') }),
    indexes,
  };
};

/** Synthesizes the repository's app (sundown.config.json, cdk.json's feature flags) and reads what the meter needs. */
export const readDeployment = (): Deployment => {
  const context = JSON.parse(readFileSync(repoFile('cdk.json'), 'utf8')).context as Record<string, unknown>;
  const app = new App({
    context: { ...context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const { state, service } = buildSundownApp(app, {
    config: readSundownConfigFile(repoFile('sundown.config.json')),
    stage: 'prod',
  });
  const assembly = app.synth();
  const template = (stack: Stack) => assembly.getStackByName(stack.stackName).template as Template;
  const serviceTemplate = template(service);
  const fn = (construct: LambdaFunction) => functionOf(serviceTemplate, construct);
  return {
    functions: {
      webhooks: fn(service.webhookReceiver),
      intake: fn(service.intakeProcessor),
      timers: fn(service.timerWorker),
      sweeper: fn(service.sweeper),
      alerts: fn(service.alertWorker),
    },
    table: tableOf(template(state)),
  };
};
