/**
 * Issue 13, finding 9 (IAM): each table-using function may call exactly the DynamoDB actions its
 * code calls. Nothing scans; only the intake processor (un-parking events, surge alarms) and the
 * alert worker (releasing claims) delete items; only the functions that relay the outbox or store
 * feedback batch-write.
 */
import { describe, expect, it } from 'vitest';
import { logicalIdOf, statementsOfFunction, synthSundown } from './sundown-templates.ts';

const READ = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  webhookReceiver: [],
  intakeProcessor: [...READ, ...WRITE, 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
  casesApi: [...READ, ...WRITE, 'dynamodb:BatchWriteItem'],
  caseActions: [...READ, ...WRITE, 'dynamodb:BatchWriteItem'],
  consoleApi: [...READ, ...WRITE, 'dynamodb:BatchWriteItem'],
  sweeper: [...READ, ...WRITE, 'dynamodb:BatchWriteItem'],
  timerWorker: [...READ, ...WRITE, 'dynamodb:BatchWriteItem'],
  alertWorker: [...READ, ...WRITE, 'dynamodb:DeleteItem'],
};

describe('table actions per function', () => {
  // Prepare
  const { stacks, service } = synthSundown();
  const actionsOf = (name: keyof typeof EXPECTED): string[] =>
    [
      ...new Set(
        statementsOfFunction(service, logicalIdOf(stacks.service[name as 'casesApi']))
          .flatMap((statement) => statement.Action)
          .filter((action) => action.startsWith('dynamodb:')),
      ),
    ].sort();

  it.each(Object.keys(EXPECTED))('grants the %s exactly the DynamoDB actions it calls', (name) => {
    expect(actionsOf(name)).toEqual([...(EXPECTED[name] ?? [])].sort());
  });

  it('lets no function scan the table', () => {
    for (const name of Object.keys(EXPECTED)) expect(actionsOf(name), name).not.toContain('dynamodb:Scan');
  });
});
