import { existsSync } from 'node:fs';
import { Duration, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table.ts';
import type { LogLevel } from '../../functions/config/operations-schema.ts';
import type { SundownConfig } from '../../functions/config/schema.ts';
import { SECRET_ARN_VARIABLES, type SecretPurpose } from '../../functions/config/secrets.ts';
import { SUNDOWN_RUNTIME, sundownBundling, sundownNodeOptions } from './bundling.ts';

export interface SundownFunctionProps {
  /** Absolute path of the handler module; it must export `handler`. */
  readonly entry: string;
  /** The validated config, baked into the bundle as `__SUNDOWN_CONFIG__`. */
  readonly config: SundownConfig;
  readonly description?: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Extra environment; the binding helpers add their own variables. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Where error and throttle alarms go. @default - no alarms */
  readonly alarmTopic?: ITopic;
  /** The deployment stage, the `stage` dimension of every metric the function emits. @default 'default' */
  readonly stage?: string;
  /** Application log level (JSON log format, Lambda advanced logging controls). @default config.operations.logLevel */
  readonly logLevel?: LogLevel;
  /** X-Ray active tracing. @default config.operations.tracing */
  readonly tracing?: boolean;
  /**
   * Ship a source map (no sources' text) and run with --enable-source-maps, for debugging a stage.
   * @default - the `sourceMaps` context value (`-c sourceMaps=true`), otherwise false
   */
  readonly sourceMaps?: boolean;
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** What the store and claims adapters call, transactions included (they need ConditionCheckItem). No adapter scans. */
const TABLE_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
];
const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

export interface TableWriteOptions {
  /** DeleteItem: releasing a claim (alert worker), un-parking an event or a surge alarm (intake). @default false */
  readonly deletesItems?: boolean;
  /** BatchWriteItem: clearing relayed outbox entries, storing feedback. @default false */
  readonly batchWrites?: boolean;
}

/** The house Lambda function: one place for runtime, bundling, logging and resource bindings. */
export class SundownFunction extends NodejsFunction {
  private readonly boundEnv = new Set<string>();

  constructor(scope: Construct, id: string, props: SundownFunctionProps) {
    validate(id, props);
    const sourceMaps = props.sourceMaps ?? sourceMapsFromContext(scope);
    const nodeOptions = sundownNodeOptions({ sourceMaps }).join(' ');
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: SUNDOWN_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      bundling: sundownBundling(props.config, { sourceMaps }),
      logGroup: new LogGroup(scope, `${id}LogGroup`, { retention: props.logRetention ?? RetentionDays.ONE_MONTH }),
      // One JSON object per line, Lambda's own lines included, so Logs Insights queries fields, not text.
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.logLevel ?? props.config.operations.logLevel],
      systemLogLevelV2: SystemLogLevel.INFO,
      tracing: (props.tracing ?? props.config.operations.tracing) ? Tracing.ACTIVE : undefined,
      environment: {
        ...(nodeOptions && { NODE_OPTIONS: nodeOptions }),
        POWERTOOLS_SERVICE_NAME: 'sundown',
        POWERTOOLS_METRICS_NAMESPACE: 'Sundown',
        SUNDOWN_METRICS: 'emf',
        SUNDOWN_STAGE: props.stage ?? 'default',
        ...props.environment,
      },
    });
    if (props.alarmTopic) this.alarmOnFailures(props.alarmTopic);
    this.acknowledgeNagFindings();
    if (this.role && (props.tracing ?? props.config.operations.tracing)) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which X-Ray grants on no resource narrower than *; every other statement names its resources.',
      });
    }
  }

  /** TABLE_NAME + read-only data access to the table and its indexes. */
  readTable(table: ITableV2): this {
    this.bind('TABLE_NAME', table.tableName);
    this.grantTable(table, TABLE_READ_ACTIONS);
    return this;
  }

  /** TABLE_NAME + read and write data access to the table and its indexes; deletes and batch writes only when asked. */
  writeTable(table: ITableV2, options: TableWriteOptions = {}): this {
    this.bind('TABLE_NAME', table.tableName);
    this.grantTable(table, [
      ...TABLE_READ_ACTIONS,
      ...TABLE_WRITE_ACTIONS,
      ...(options.deletesItems ? ['dynamodb:DeleteItem'] : []),
      ...(options.batchWrites ? ['dynamodb:BatchWriteItem'] : []),
    ]);
    return this;
  }

  /**
   * Like table.grantReadData, but naming each index of TABLE_SCHEMA instead of `<table>/index/*`,
   * so the policy holds no wildcard. The table uses the AWS managed key (aws/dynamodb): no KMS grant needed.
   */
  private grantTable(table: ITableV2, actions: readonly string[]): void {
    const indexes = Object.values(TABLE_SCHEMA.indexes).map((index) => `${table.tableArn}/index/${index.name}`);
    this.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn, ...indexes] }));
  }

  /** cdk-nag findings that hold for every Sundown function, each with the reason it is accepted. */
  private acknowledgeNagFindings(): void {
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the tests and the local stack run the same Node major (package.json pins node 22), so what is tested is what runs.',
    });
    if (this.role) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'AWSLambdaBasicExecutionRole only allows writing CloudWatch Logs (log groups, streams, events), which every function needs and nothing more.',
      });
    }
  }

  /** The queue URL under `envName` + sqs:SendMessage. */
  sendTo(queue: IQueue, envName = 'INTAKE_QUEUE_URL'): this {
    this.bind(envName, queue.queueUrl);
    queue.grantSendMessages(this);
    return this;
  }

  /** EVENT_BUS_NAME + events:PutEvents on that bus. */
  publishTo(bus: IEventBus): this {
    this.bind('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(this);
    return this;
  }

  /** The ARN of the secret of `purpose` (its SECRET_ARN_VARIABLES name) + secretsmanager:GetSecretValue on it. */
  readSecret(purpose: SecretPurpose, secret: ISecret): this {
    this.bind(SECRET_ARN_VARIABLES[purpose], secret.secretArn);
    secret.grantRead(this);
    return this;
  }

  private bind(envName: string, value: string): void {
    if (!ENV_NAME.test(envName)) {
      throw new Error(`${this.node.path}: environment variable name "${envName}" must be UPPER_SNAKE_CASE`);
    }
    if (this.boundEnv.has(envName)) {
      throw new Error(`${this.node.path}: ${envName} is already bound; bind each variable to one resource`);
    }
    this.boundEnv.add(envName);
    this.addEnvironment(envName, value);
  }

  private alarmOnFailures(topic: ITopic): void {
    const action = new SnsAction(topic);
    const common = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };
    this.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
      .createAlarm(this, 'ErrorsAlarm', { ...common, alarmDescription: `${this.node.path} threw errors` })
      .addAlarmAction(action);
    this.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' })
      .createAlarm(this, 'ThrottlesAlarm', { ...common, alarmDescription: `${this.node.path} was throttled` })
      .addAlarmAction(action);
  }
}

const sourceMapsFromContext = (scope: Construct): boolean => {
  const value = scope.node.tryGetContext('sourceMaps');
  if (value === undefined) return false;
  if (String(value) !== 'true' && String(value) !== 'false') {
    throw new Error(`context sourceMaps must be true or false, got "${value}"`);
  }
  return String(value) === 'true';
};

const validate = (id: string, props: SundownFunctionProps): void => {
  if (!existsSync(props.entry)) throw new Error(`SundownFunction ${id}: entry ${props.entry} does not exist`);
  const memory = props.memorySize;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 128 || memory > 10_240)) {
    throw new Error(`SundownFunction ${id}: memorySize must be an integer from 128 to 10240 MB, got ${memory}`);
  }
  const seconds = props.timeout?.toSeconds();
  if (seconds !== undefined && (seconds < 1 || seconds > 900)) {
    throw new Error(`SundownFunction ${id}: timeout must be 1 s to 15 min, got ${seconds} s`);
  }
};
