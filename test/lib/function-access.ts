/**
 * Reads a function's IAM grants as sorted `resource capability` lines ("table write",
 * "intake consume"), so a test states a function's whole access in one list and any extra
 * grant, wildcard or unexpected resource shows up in the diff by name.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { resolveCrossStack, statementsOfFunction } from './sundown-templates.ts';

/** What an action lets the function do; `null` for metadata reads that come with every grant of that kind. */
const CAPABILITY_OF_ACTION: Readonly<Record<string, string | null>> = {
  'dynamodb:BatchGetItem': 'read',
  'dynamodb:ConditionCheckItem': 'read',
  'dynamodb:GetItem': 'read',
  'dynamodb:GetRecords': 'read',
  'dynamodb:GetShardIterator': 'read',
  'dynamodb:Query': 'read',
  'dynamodb:Scan': 'read',
  'dynamodb:DescribeTable': null,
  'dynamodb:BatchWriteItem': 'write',
  'dynamodb:DeleteItem': 'write',
  'dynamodb:PutItem': 'write',
  'dynamodb:UpdateItem': 'write',
  'sqs:SendMessage': 'send',
  'sqs:ReceiveMessage': 'consume',
  'sqs:DeleteMessage': 'consume',
  'sqs:ChangeMessageVisibility': 'consume',
  'sqs:GetQueueAttributes': null,
  'sqs:GetQueueUrl': null,
  'events:PutEvents': 'publish',
  'sns:Publish': 'publish',
  'secretsmanager:GetSecretValue': 'read',
  'secretsmanager:DescribeSecret': null,
};

const key = (value: unknown): string => JSON.stringify(value);

/** A table grant also names each of its indexes (`<table arn>/index/<name>`); they count as the table. A wildcard does not. */
const withoutIndexSuffix = (resource: unknown): unknown => {
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  const suffix = join?.[1][1];
  return join &&
    join[0] === '' &&
    join[1].length === 2 &&
    typeof suffix === 'string' &&
    /^\/index\/[\w.-]+$/.test(suffix)
    ? join[1][0]
    : resource;
};

/**
 * Every allowed `resource capability` of the function `functionId` in `service`, with
 * cross-stack references resolved against `state` and resources named by `resources`
 * (name -> the ARN or Ref the template uses for it). Unknown resources and actions appear verbatim.
 */
export const accessOf = (
  service: Template,
  state: Template,
  functionId: string,
  resources: Readonly<Record<string, unknown>>,
): string[] => {
  const names = new Map(Object.entries(resources).map(([name, ref]) => [key(ref), name]));
  const access = new Set<string>();
  for (const statement of statementsOfFunction(service, functionId)) {
    if (statement.Effect !== 'Allow') continue;
    for (const resource of resolveCrossStack(statement.Resource, state) as unknown[]) {
      const name = names.get(key(withoutIndexSuffix(resource))) ?? key(resource);
      for (const action of statement.Action) {
        const capability = CAPABILITY_OF_ACTION[action];
        if (capability !== null) access.add(`${name} ${capability ?? action}`);
      }
    }
  }
  return [...access].sort();
};
