import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { DomainConfig, TableConfig } from '../../functions/config/deployment-schema.ts';
import type { SecretPurpose } from '../../functions/config/secrets.ts';
import { ALERT_MAX_ATTEMPTS } from '../../functions/use-cases/record-delivery.ts';
import { DIRECT_DISPATCH_MS } from '../../functions/use-cases/timer-dispatch.ts';
import { CaseTable } from '../constructs/case-table.ts';
import { SundownHttpApi } from '../constructs/http-api.ts';
import { QueueWithDlq } from '../constructs/queue-with-dlq.ts';
import { SundownSecrets } from '../constructs/sundown-secrets.ts';
import { TeamSignIn } from '../constructs/team-sign-in.ts';

export interface StatefulStackProps extends StackProps {
  /** Short stage name, used in resource names such as the bus `sundown-<stage>`. */
  readonly stage: string;
  /**
   * Protection by intent: the table and secrets are kept when the stack goes, the table has
   * deletion protection and point-in-time recovery. Off only for a disposable stage.
   * @default true
   */
  readonly protect?: boolean;
  /** An operator address subscribed to the alarm topic. @default - no subscription */
  readonly alarmEmail?: string;
  /** The API's custom domain (config `deployment.domain`). @default - none */
  readonly domain?: DomainConfig;
  /** The table's write units per second (config `deployment.table`). @default - a new on-demand table's */
  readonly table?: TableConfig;
}

/**
 * Everything that holds data or identity (the API's URL included): deploy rarely, never replace by accident.
 * Construct ids here are a contract; renaming one replaces the resource.
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly intake: QueueWithDlq;
  /** Deadlines on their way to the timer worker, each delayed to arrive on time. */
  readonly timers: QueueWithDlq;
  /** One message per alert and target, so a failing target is retried alone. */
  readonly alerts: QueueWithDlq;
  readonly bus: EventBus;
  readonly alarmTopic: Topic;
  /** One secret per purpose (functions/config/secrets.ts); each function is granted only its own. */
  readonly secrets: Readonly<Record<SecretPurpose, Secret>>;
  /** The front door: its URL is registered with every platform and in every link sent. */
  readonly httpApi: SundownHttpApi;
  /** The team console's sign-in: Cognito user pool, hosted sign-in, app client, agents and admins groups. */
  readonly signIn: TeamSignIn;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const protect = props.protect ?? true;
    if (props.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.alarmEmail)) {
      throw new Error(`${id}: alarmEmail "${props.alarmEmail}" is not an e-mail address`);
    }

    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: `Sundown ${props.stage} alarms`, enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.table = new CaseTable(this, 'Cases', {
      protect,
      ...(props.table?.writeUnitsPerSecond && { writeUnitsPerSecond: props.table.writeUnitsPerSecond }),
    }).table;

    this.intake = new QueueWithDlq(this, 'Intake', {
      // Six times the intake processor's 30 s timeout, as AWS recommends for Lambda consumers.
      visibilityTimeout: Duration.seconds(180),
      alarmTopic: this.alarmTopic,
      backlogAlarm: {
        olderThan: Duration.minutes(5),
        meaning: 'customer messages accepted from the platforms are not on their cases yet',
      },
    });

    this.timers = new QueueWithDlq(this, 'Timers', {
      visibilityTimeout: Duration.seconds(180),
      alarmTopic: this.alarmTopic,
      // Deadlines are handed over up to DIRECT_DISPATCH_MS ahead, held back by DelaySeconds until then.
      backlogAlarm: {
        olderThan: Duration.millis(DIRECT_DISPATCH_MS).plus(Duration.minutes(2)),
        meaning: 'SLA deadlines are firing late (the timer worker is behind: see lib/write-budget.ts)',
      },
    });
    this.alerts = new QueueWithDlq(this, 'Alerts', {
      visibilityTimeout: Duration.seconds(180),
      // A target that is down gets several chances (about 15 minutes) before the alert is parked.
      maxReceiveCount: ALERT_MAX_ATTEMPTS,
      alarmTopic: this.alarmTopic,
      backlogAlarm: {
        olderThan: Duration.minutes(2),
        meaning: 'alerts are reaching on-call late (the alert worker is behind, or a target keeps failing)',
      },
    });

    this.bus = new EventBus(this, 'Bus', { eventBusName: `sundown-${props.stage}` });

    this.secrets = new SundownSecrets(this, 'Secrets', { stage: props.stage, protect }).byPurpose;

    this.httpApi = new SundownHttpApi(this, 'HttpApi', { apiName: `sundown-${props.stage}`, domain: props.domain });
    this.signIn = new TeamSignIn(this, 'TeamSignIn', {
      stage: props.stage,
      protect,
      consoleUrl: `${this.httpApi.publicUrl}console`,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'IntakeQueueUrl', { value: this.intake.queue.queueUrl });
    new CfnOutput(this, 'IntakeDeadLetterQueueUrl', { value: this.intake.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'TimerDeadLetterQueueUrl', { value: this.timers.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlertDeadLetterQueueUrl', { value: this.alerts.deadLetterQueue.queueUrl });
    // `sundown dlq redrive` moves parked messages back to these.
    new CfnOutput(this, 'TimerQueueUrl', { value: this.timers.queue.queueUrl });
    new CfnOutput(this, 'AlertQueueUrl', { value: this.alerts.queue.queueUrl });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    // The CLI signs `sundown replay` with the platform secret.
    new CfnOutput(this, 'WebhookSecretArn', { value: this.secrets.platform.secretArn });
    new CfnOutput(this, 'IntegrationSecretArn', { value: this.secrets.integration.secretArn });
    new CfnOutput(this, 'LinkSigningSecretArn', { value: this.secrets.links.secretArn });
    new CfnOutput(this, 'AlertTargetSecretArn', { value: this.secrets.targets.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'ApiId', { value: this.httpApi.api.apiId });
    if (this.httpApi.domainName) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: `Point ${this.httpApi.domainName.name} here (CNAME) unless Sundown manages its Route 53 zone`,
        value: this.httpApi.domainName.regionalDomainName,
      });
    }
  }
}
