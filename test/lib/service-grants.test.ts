import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { accessOf } from './function-access.ts';
import {
  emailTargetsConfig,
  environmentOf,
  getAtt,
  logicalIdOf,
  resourcesOf,
  synthSundown,
} from './sundown-templates.ts';

type FunctionName =
  | 'webhookReceiver'
  | 'intakeProcessor'
  | 'casesApi'
  | 'caseActions'
  | 'consoleApi'
  | 'sweeper'
  | 'timerWorker'
  | 'alertWorker';

/** Each function's whole access: anything more is a grant it does not need. */
const EXPECTED_ACCESS: Readonly<Record<FunctionName, readonly string[]>> = {
  webhookReceiver: ['intake send', 'platformSecret read'],
  intakeProcessor: [
    'alerts send',
    'bus publish',
    'intake consume',
    'intakeDlq send',
    'table read',
    'table write',
    'timers send',
  ],
  casesApi: ['alerts send', 'bus publish', 'linkSecret read', 'table read', 'table write', 'timers send'],
  caseActions: [
    'alerts send',
    'bus publish',
    'integrationSecret read',
    'linkSecret read',
    'table read',
    'table write',
    'timers send',
  ],
  consoleApi: ['alerts send', 'bus publish', 'table read', 'table write', 'timers send'],
  sweeper: ['alerts send', 'bus publish', 'table read', 'table write', 'timers send'],
  timerWorker: [
    'alerts send',
    'bus publish',
    'table read',
    'table write',
    'timers consume',
    'timers send',
    'timersDlq send',
  ],
  alertWorker: [
    'alerts consume',
    'alertsDlq send',
    'emailTopic:managers publish',
    'emailTopic:on-call publish',
    'linkSecret read',
    'table read',
    'table write',
    'targetSecret read',
  ],
};

/** The variables each function is told its resources (and, for paced queue consumers, its write budget) by, besides the shared runtime defaults. */
const EXPECTED_BINDINGS: Readonly<Record<FunctionName, readonly string[]>> = {
  webhookReceiver: ['INTAKE_QUEUE_URL', 'PLATFORM_SECRETS_ARN'],
  intakeProcessor: ['ALERT_QUEUE_URL', 'EVENT_BUS_NAME', 'INTAKE_DLQ_URL', 'TABLE_NAME', 'TIMER_QUEUE_URL'],
  casesApi: [
    'ALERT_QUEUE_URL',
    'EVENT_BUS_NAME',
    'LINK_SECRETS_ARN',
    'PUBLIC_BASE_URL',
    'TABLE_NAME',
    'TIMER_QUEUE_URL',
  ],
  caseActions: [
    'ALERT_QUEUE_URL',
    'EVENT_BUS_NAME',
    'INTEGRATION_SECRETS_ARN',
    'LINK_SECRETS_ARN',
    'PUBLIC_BASE_URL',
    'TABLE_NAME',
    'TIMER_QUEUE_URL',
  ],
  consoleApi: [
    'ALERT_QUEUE_URL',
    'CONSOLE_CLIENT_ID',
    'CONSOLE_SIGN_IN_URL',
    'EVENT_BUS_NAME',
    'TABLE_NAME',
    'TIMER_QUEUE_URL',
  ],
  sweeper: ['ALERT_QUEUE_URL', 'EVENT_BUS_NAME', 'TABLE_NAME', 'TIMER_QUEUE_URL'],
  timerWorker: [
    'ALERT_QUEUE_URL',
    'EVENT_BUS_NAME',
    'TABLE_NAME',
    'TIMER_DLQ_URL',
    'TIMER_QUEUE_URL',
    'WRITE_UNITS_PER_SECOND',
  ],
  alertWorker: [
    'ALERT_DLQ_URL',
    'EMAIL_TOPICS',
    'LINK_SECRETS_ARN',
    'PUBLIC_BASE_URL',
    'TABLE_NAME',
    'TARGET_SECRETS_ARN',
    'WRITE_UNITS_PER_SECOND',
  ],
};

const RUNTIME_DEFAULTS = [
  'NODE_OPTIONS',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_SERVICE_NAME',
  'SUNDOWN_METRICS',
  'SUNDOWN_STAGE',
];

describe('service stack grants', () => {
  // Prepare: the variant with e-mail targets, so the alert worker's SNS grants are in the template.
  const { stacks, state, service } = synthSundown({ config: emailTargetsConfig() });
  const names = Object.keys(EXPECTED_ACCESS) as FunctionName[];
  const idOf = (name: FunctionName) => logicalIdOf(stacks.service[name]);
  const queueArn = (queue: IQueue) => getAtt(logicalIdOf(queue), 'Arn');
  const { intake, timers, alerts } = stacks.state;
  const resources = {
    table: getAtt(logicalIdOf(stacks.state.table), 'Arn'),
    bus: getAtt(logicalIdOf(stacks.state.bus), 'Arn'),
    platformSecret: { Ref: logicalIdOf(stacks.state.secrets.platform) },
    integrationSecret: { Ref: logicalIdOf(stacks.state.secrets.integration) },
    linkSecret: { Ref: logicalIdOf(stacks.state.secrets.links) },
    targetSecret: { Ref: logicalIdOf(stacks.state.secrets.targets) },
    intake: queueArn(intake.queue),
    intakeDlq: queueArn(intake.deadLetterQueue),
    timers: queueArn(timers.queue),
    timersDlq: queueArn(timers.deadLetterQueue),
    alerts: queueArn(alerts.queue),
    alertsDlq: queueArn(alerts.deadLetterQueue),
    ...Object.fromEntries(
      Object.entries(stacks.service.emailTopics).map(([target, topic]) => [
        `emailTopic:${target}`,
        { Ref: logicalIdOf(topic) },
      ]),
    ),
  };
  const access = Object.fromEntries(names.map((name) => [name, accessOf(service, state, idOf(name), resources)]));
  const withAccess = (wanted: string) => names.filter((name) => access[name]?.includes(wanted)).sort();
  const withAnyAccessTo = (resourcePrefix: string) =>
    names.filter((name) => access[name]?.some((line) => line.startsWith(resourcePrefix))).sort();

  it.each(names)('grants the %s exactly the access it needs', (name) => {
    expect(access[name]).toEqual(EXPECTED_ACCESS[name]);
  });

  it.each(names)('tells the %s where its resources are, and of no others', (name) => {
    const variables = Object.keys(environmentOf(service, idOf(name)));

    expect(variables.filter((variable) => !RUNTIME_DEFAULTS.includes(variable)).sort()).toEqual(
      EXPECTED_BINDINGS[name],
    );
  });

  it('keeps the webhook receiver away from the table', () => {
    expect(withAnyAccessTo('table ')).not.toContain('webhookReceiver');
  });

  it('lets the cases API change cases only by writing the table and queueing their deadlines and notices', () => {
    expect(access.casesApi?.filter((line) => line.endsWith(' send') || line.endsWith(' write'))).toEqual([
      'alerts send',
      'table write',
      'timers send',
    ]);
  });

  it('lets each secret be read only by the functions of its purpose', () => {
    expect(withAccess('platformSecret read')).toEqual(['webhookReceiver']);
    expect(withAccess('integrationSecret read')).toEqual(['caseActions']);
    expect(withAccess('linkSecret read')).toEqual(['alertWorker', 'caseActions', 'casesApi']);
    expect(withAccess('targetSecret read')).toEqual(['alertWorker']);
  });

  it('lets only the functions that change cases, and the sweeper relaying their outbox, publish domain events', () => {
    expect(withAccess('bus publish')).toEqual([
      'caseActions',
      'casesApi',
      'consoleApi',
      'intakeProcessor',
      'sweeper',
      'timerWorker',
    ]);
  });

  it('lets only the alert worker publish to SNS, and only to the e-mail target topics', () => {
    const snsPublishing = names.flatMap((name) =>
      (access[name] ?? [])
        .filter((line) => line.endsWith(' publish') && !line.startsWith('bus '))
        .map((line) => `${name}: ${line}`),
    );

    expect(Object.keys(stacks.service.emailTopics).sort()).toEqual(['managers', 'on-call']);
    expect(snsPublishing).toEqual(
      Object.keys(stacks.service.emailTopics)
        .sort()
        .map((target) => `alertWorker: emailTopic:${target} publish`),
    );
  });

  it('gives every function role the basic execution policy and no other managed policy', () => {
    const basicExecution = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      ],
    };
    const roles = Object.fromEntries(resourcesOf(service, 'AWS::IAM::Role'));

    for (const name of names) {
      const [roleId] = service.toJSON().Resources[idOf(name)].Properties.Role['Fn::GetAtt'] as [string, string];

      expect(roles[roleId]?.Properties.ManagedPolicyArns, name).toEqual([basicExecution]);
    }
  });
});
