/**
 * Where the stack is: the running local stack (its state file, the default) or a deployed one
 * (`--stack <stage>`: the CloudFormation outputs of Sundown-<stage>-State and -Service, read with
 * the default credential chain). Clients are built once per command for that target.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseStore } from '../functions/adapters/dynamodb/case-store.ts';
import type { SecretPurpose } from '../functions/config/secrets.ts';
import { DEFAULT_STATE_FILE, type LocalQueueName, readLocalState } from '../local/state-file.ts';
import { CliError } from './output.ts';

export type QueueName = LocalQueueName;
export const QUEUE_NAMES: readonly QueueName[] = ['intake', 'timers', 'alerts'];

export interface TargetOptions {
  /** Use the local stack (the default unless --stack is given). */
  readonly local?: boolean;
  /** Stage of a deployed stack, e.g. `prod` for Sundown-prod-State and Sundown-prod-Service. */
  readonly stack?: string;
  /** The local stack's state file. @default .sundown/local.json */
  readonly state?: string;
  readonly region?: string;
}

export interface Target {
  readonly kind: 'local' | 'aws';
  /** For messages: which stack a command ran against. */
  readonly label: string;
  readonly apiUrl?: string;
  readonly tableName: string;
  /** Deployed stacks: the Secrets Manager secret holding the webhook secrets, and its region. */
  readonly secretArn?: string;
  readonly region?: string;
  readonly queues: Readonly<Record<QueueName, { readonly url: string; readonly dlqUrl: string }>>;
  readonly dynamo: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly store: DynamoCaseStore;
  close(): void;
}

/** The CloudFormation outputs the CLI reads, by the stack suffix that declares them. */
export const REQUIRED_OUTPUTS = {
  State: [
    'TableName',
    'IntakeQueueUrl',
    'IntakeDeadLetterQueueUrl',
    'TimerQueueUrl',
    'TimerDeadLetterQueueUrl',
    'AlertQueueUrl',
    'AlertDeadLetterQueueUrl',
    'WebhookSecretArn',
  ],
  Service: ['ApiUrl'],
} as const;

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const build = (
  where: Omit<Target, 'dynamo' | 'sqs' | 'store' | 'close'>,
  clients: { region?: string; dynamoEndpoint?: string; sqsEndpoint?: string },
): Target => {
  const region = clients.region ? { region: clients.region } : {};
  const dynamoClient = new DynamoDBClient(
    clients.dynamoEndpoint ? { ...region, endpoint: clients.dynamoEndpoint, credentials: localCredentials } : region,
  );
  // Same marshalling as functions/adapters/aws-clients.ts, which the store requires.
  const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  // The emulator's queue URLs name hosts that do not resolve; send every call to its endpoint.
  const sqs = new SQSClient(
    clients.sqsEndpoint
      ? { ...region, endpoint: clients.sqsEndpoint, credentials: localCredentials, useQueueUrlAsEndpoint: false }
      : region,
  );
  return {
    ...where,
    dynamo,
    sqs,
    store: new DynamoCaseStore({ client: dynamo, tableName: where.tableName }),
    close: () => {
      dynamo.destroy();
      sqs.destroy();
    },
  };
};

/** Builds the target from the outputs of both stacks; names the missing output (deploy again?). */
export const targetFromOutputs = (stage: string, outputs: Readonly<Record<string, string>>, region?: string) => {
  const need = (name: string): string => {
    const value = outputs[name];
    if (!value) throw new CliError(`stack output ${name} is missing from Sundown-${stage}-*: deploy the stacks again`);
    return value;
  };
  return build(
    {
      kind: 'aws',
      label: `Sundown-${stage}`,
      apiUrl: need('ApiUrl'),
      tableName: need('TableName'),
      secretArn: need('WebhookSecretArn'),
      ...(region && { region }),
      queues: {
        intake: { url: need('IntakeQueueUrl'), dlqUrl: need('IntakeDeadLetterQueueUrl') },
        timers: { url: need('TimerQueueUrl'), dlqUrl: need('TimerDeadLetterQueueUrl') },
        alerts: { url: need('AlertQueueUrl'), dlqUrl: need('AlertDeadLetterQueueUrl') },
      },
    },
    region ? { region } : {},
  );
};

export const stackOutputs = async (stage: string, region?: string): Promise<Record<string, string>> => {
  const cloudFormation = new CloudFormationClient(region ? { region } : {});
  try {
    const outputs: Record<string, string> = {};
    for (const suffix of Object.keys(REQUIRED_OUTPUTS)) {
      const name = `Sundown-${stage}-${suffix}`;
      const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: name })).catch((error) => {
        throw new CliError(`cannot read stack ${name}: ${(error as Error).message}`);
      });
      for (const output of Stacks?.[0]?.Outputs ?? []) {
        if (output.OutputKey && output.OutputValue) outputs[output.OutputKey] = output.OutputValue;
      }
    }
    return outputs;
  } finally {
    cloudFormation.destroy();
  }
};

/** Stack outputs naming each purpose's secret (functions/config/secrets.ts). */
export const SECRET_OUTPUTS = {
  platform: 'WebhookSecretArn',
  integration: 'IntegrationSecretArn',
  links: 'LinkSigningSecretArn',
  targets: 'AlertTargetSecretArn',
} as const satisfies Record<SecretPurpose, string>;

/** The ARN of every purpose's secret; names the missing output of an older deployment. */
export const secretArnsFromOutputs = (
  stage: string,
  outputs: Readonly<Record<string, string>>,
): Record<SecretPurpose, string> => {
  const arns = {} as Record<SecretPurpose, string>;
  for (const [purpose, name] of Object.entries(SECRET_OUTPUTS) as [SecretPurpose, string][]) {
    const value = outputs[name];
    if (!value)
      throw new CliError(`stack output ${name} is missing from Sundown-${stage}-State: deploy the stacks again`);
    arns[purpose] = value;
  }
  return arns;
};

export const resolveTarget = async (options: TargetOptions): Promise<Target> => {
  if (options.stack && options.local) throw new CliError('--local and --stack exclude each other: choose one');
  if (options.stack) {
    const stage = options.stack.replace(/^Sundown-/, '');
    return targetFromOutputs(stage, await stackOutputs(stage, options.region), options.region);
  }
  const path = options.state ?? DEFAULT_STATE_FILE;
  const found = readLocalState(path);
  if ('missing' in found) throw new CliError(`${found.missing}; or pass --stack <stage> for a deployed stack`);
  const { state } = found;
  return build(
    {
      kind: 'local',
      label: `local stack at ${state.url}`,
      apiUrl: state.url,
      tableName: state.tableName,
      queues: state.queues,
    },
    { region: 'us-east-1', dynamoEndpoint: state.dynamoEndpoint, sqsEndpoint: state.sqsEndpoint },
  );
};
