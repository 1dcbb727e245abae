import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { type LogLevel, silentIntakeSeconds } from '../../functions/config/operations-schema.ts';
import type { SundownConfig } from '../../functions/config/schema.ts';
import type { SecretPurpose } from '../../functions/config/secrets.ts';
import { FUNCTION_ENTRIES, type HttpFunction, httpRoutes } from '../../functions/handlers/routes.ts';
import type { SundownHttpApi } from '../constructs/http-api.ts';
import { SundownApiStage } from '../constructs/http-api-stage.ts';
import { SundownMonitoring } from '../constructs/monitoring.ts';
import type { QueueWithDlq } from '../constructs/queue-with-dlq.ts';
import { SundownFunction } from '../constructs/sundown-function.ts';
import { publicEndpoints, urlOf } from '../public-endpoints.ts';
import { CONSUMER_BUDGETS, consumerConcurrency, copyWriteUnitsPerSecond } from '../write-budget.ts';

export interface ServiceStackProps extends StackProps {
  readonly stage: string;
  readonly config: SundownConfig;
  readonly table: ITableV2;
  readonly intake: QueueWithDlq;
  readonly timers: QueueWithDlq;
  readonly alerts: QueueWithDlq;
  readonly bus: IEventBus;
  /** One secret per purpose; each function is granted only the purposes it uses. */
  readonly secrets: Readonly<Record<SecretPurpose, ISecret>>;
  readonly alarmTopic: ITopic;
  /** The stateful stack's API and custom domain; this stack adds the stage, routes and integrations. */
  readonly frontDoor: SundownHttpApi;
  /** The team's sign-in (stateful stack): its tokens open the console and `/cases`. */
  readonly signIn: {
    readonly issuer: string;
    readonly clientId: string;
    /** The hosted sign-in domain's URL, where the console sends people to sign in. */
    readonly hostedUrl: string;
  };
  /** @default 100 */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
  /** Every function's application log level. @default config.operations.logLevel */
  readonly logLevel?: LogLevel;
  /** X-Ray active tracing on every function. @default config.operations.tracing */
  readonly tracing?: boolean;
}

const handlerEntry = (file: string): string => fileURLToPath(new URL(`../../${file}`, import.meta.url));

/**
 * The stateless side: functions, and the API's stage, routes and integrations. Safe to destroy and
 * redeploy at any time: the API itself, whose URL platforms and links hold, is the stateful stack's.
 */
export class ServiceStack extends Stack {
  readonly webhookReceiver: SundownFunction;
  readonly intakeProcessor: SundownFunction;
  readonly casesApi: SundownFunction;
  readonly caseActions: SundownFunction;
  /** The team console: its page, work list, assign, acknowledge and lift. */
  readonly consoleApi: SundownFunction;
  readonly sweeper: SundownFunction;
  readonly timerWorker: SundownFunction;
  readonly alertWorker: SundownFunction;
  /** Sends every alarm on the alarm topic to the config's fallback alert target; only with `alerts.fallback`. */
  readonly alarmForwarder?: SundownFunction;
  /** One SNS topic per e-mail alert target, its addresses subscribed at deploy time. */
  readonly emailTopics: Readonly<Record<string, Topic>>;
  readonly httpApi: SundownApiStage;
  /** The config baked into every function: publicBaseUrl filled with the custom domain when there is one. */
  readonly config: SundownConfig;
  readonly monitoring: SundownMonitoring;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const publicUrl = props.frontDoor.publicUrl;
    /** Each queue's consumers, bounded by their share of the table's write units per second. */
    const concurrency = (consumer: keyof typeof CONSUMER_BUDGETS) =>
      consumerConcurrency(CONSUMER_BUDGETS[consumer], props.config.deployment.table?.writeUnitsPerSecond);
    /** Each copy of a paced consumer holds itself to its part of that share (functions/commons/write-pace.ts). */
    const pacedCopy = (consumer: 'timers' | 'alerts') => ({
      WRITE_UNITS_PER_SECOND: String(
        copyWriteUnitsPerSecond(CONSUMER_BUDGETS[consumer], props.config.deployment.table?.writeUnitsPerSecond),
      ),
    });
    // Links in alerts and pages use the custom domain when there is one (config wins if it names a URL).
    const config = props.frontDoor.domainName
      ? { ...props.config, publicBaseUrl: props.config.publicBaseUrl ?? publicUrl }
      : props.config;
    this.config = config;
    const common = {
      config,
      alarmTopic: props.alarmTopic,
      stage: props.stage,
      logLevel: props.logLevel,
      tracing: props.tracing,
    };

    this.webhookReceiver = new SundownFunction(this, 'WebhookReceiver', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.webhooks),
      description: 'Verifies platform webhooks and queues them for intake',
    })
      .sendTo(props.intake.queue, 'INTAKE_QUEUE_URL')
      .readSecret('platform', props.secrets.platform);

    this.intakeProcessor = new SundownFunction(this, 'IntakeProcessor', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.intake),
      description: 'Turns queued platform events into cases and publishes domain events',
      timeout: Duration.seconds(30),
    })
      .writeTable(props.table, { deletesItems: true, batchWrites: true })
      .publishTo(props.bus)
      // Events that can never succeed are parked on the DLQ at once, with their reason.
      .sendTo(props.intake.deadLetterQueue, 'INTAKE_DLQ_URL')
      .sendTo(props.timers.queue, 'TIMER_QUEUE_URL')
      .sendTo(props.alerts.queue, 'ALERT_QUEUE_URL');
    props.intake.addConsumer(this.intakeProcessor, {
      // Full batches of 10 (waiting up to 1 s for one) halve the invocations of a steady trickle.
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(1),
      // Bounded by the table's write budget: a burst waits on the queue instead of being throttled.
      maxConcurrency: concurrency('intake'),
    });

    this.casesApi = new SundownFunction(this, 'CasesApi', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.cases),
      description: 'Case API: reads, hand-offs and follow-ups',
    })
      .writeTable(props.table, { batchWrites: true })
      .publishTo(props.bus)
      // The hand-off package carries a signed case-page link.
      .readSecret('links', props.secrets.links)
      .sendTo(props.timers.queue, 'TIMER_QUEUE_URL')
      .sendTo(props.alerts.queue, 'ALERT_QUEUE_URL');

    this.caseActions = new SundownFunction(this, 'CaseActions', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.actions),
      description: 'Acknowledge and resolve from signed alert links and the callbacks of interactive alert targets',
    })
      .writeTable(props.table, { batchWrites: true })
      .publishTo(props.bus)
      .readSecret('integration', props.secrets.integration)
      .readSecret('links', props.secrets.links)
      .sendTo(props.timers.queue, 'TIMER_QUEUE_URL')
      .sendTo(props.alerts.queue, 'ALERT_QUEUE_URL');

    this.consoleApi = new SundownFunction(this, 'ConsoleApi', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.console),
      description: 'Team console: the page, the work list, assign, acknowledge and lift a suppression',
      environment: { CONSOLE_SIGN_IN_URL: props.signIn.hostedUrl, CONSOLE_CLIENT_ID: props.signIn.clientId },
    })
      .writeTable(props.table, { batchWrites: true })
      .publishTo(props.bus)
      .sendTo(props.timers.queue, 'TIMER_QUEUE_URL')
      .sendTo(props.alerts.queue, 'ALERT_QUEUE_URL');

    this.sweeper = new SundownFunction(this, 'Sweeper', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.sweeper),
      description: 'Every minute: hands due deadlines to the timer queue, sends digests, relays the outbox',
      timeout: Duration.seconds(55),
    })
      .writeTable(props.table, { batchWrites: true })
      .publishTo(props.bus)
      .sendTo(props.timers.queue, 'TIMER_QUEUE_URL')
      .sendTo(props.alerts.queue, 'ALERT_QUEUE_URL');
    new Rule(this, 'SweepEveryMinute', {
      description: 'Sundown SLA sweeper',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.sweeper, { retryAttempts: 2 })],
    });

    this.timerWorker = new SundownFunction(this, 'TimerWorker', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.timers),
      description: 'Fires SLA warnings, breaches and escalation steps at their deadline',
      timeout: Duration.seconds(30),
      environment: pacedCopy('timers'),
    })
      .writeTable(props.table, { batchWrites: true })
      .publishTo(props.bus)
      .sendTo(props.timers.queue, 'TIMER_QUEUE_URL')
      .sendTo(props.timers.deadLetterQueue, 'TIMER_DLQ_URL')
      .sendTo(props.alerts.queue, 'ALERT_QUEUE_URL');
    props.timers.addConsumer(this.timerWorker, {
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(0),
      // Deadlines that bunch (the business day opening) fire as fast as the write budget allows.
      maxConcurrency: concurrency('timers'),
    });

    const emailTopics: Record<string, Topic> = {};
    for (const [name, target] of Object.entries(props.config.targets)) {
      if (target.type !== 'email') continue;
      const topic = new Topic(this, `EmailTarget-${name}`, {
        displayName: `Sundown alerts: ${name}`,
        enforceSSL: true,
      });
      for (const address of target.addresses) topic.addSubscription(new EmailSubscription(address));
      emailTopics[name] = topic;
    }
    this.emailTopics = emailTopics;
    /** Read by the alert worker and the alarm forwarder: e-mail target name -> topic ARN. */
    const emailTopicArns = JSON.stringify(
      Object.fromEntries(Object.entries(emailTopics).map(([name, topic]) => [name, topic.topicArn])),
    );

    this.httpApi = new SundownApiStage(this, 'HttpApi', {
      api: props.frontDoor.api,
      domainName: props.frontDoor.domainName,
      throttleRateLimit: props.throttleRateLimit,
      throttleBurstLimit: props.throttleBurstLimit,
      jwtAuthorizer: new HttpJwtAuthorizer('TeamSignIn', props.signIn.issuer, {
        jwtAudience: [props.signIn.clientId],
      }),
    });
    this.alertWorker = new SundownFunction(this, 'AlertWorker', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.alerts),
      description: 'Delivers alerts and notices to the configured alert targets',
      timeout: Duration.seconds(30),
      environment: {
        PUBLIC_BASE_URL: config.publicBaseUrl ?? publicUrl,
        EMAIL_TOPICS: emailTopicArns,
        ...pacedCopy('alerts'),
      },
    })
      .writeTable(props.table, { deletesItems: true })
      .readSecret('links', props.secrets.links)
      .readSecret('targets', props.secrets.targets)
      .sendTo(props.alerts.deadLetterQueue, 'ALERT_DLQ_URL');
    for (const topic of Object.values(emailTopics)) topic.grantPublish(this.alertWorker);
    props.alerts.addConsumer(this.alertWorker, {
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(0),
      maxConcurrency: concurrency('alerts'),
    });

    // Operational alarms reach on-call through the fallback alert target, not only the e-mail topic.
    if (props.config.alerts.fallback) {
      const forwarder = new SundownFunction(this, 'AlarmForwarder', {
        ...common,
        entry: handlerEntry(FUNCTION_ENTRIES.alarms),
        description: `Sends every Sundown alarm to the fallback alert target (${props.config.alerts.fallback})`,
        timeout: Duration.seconds(30),
        environment: {
          EMAIL_TOPICS: emailTopicArns,
        },
      })
        // Claims only: an alarm state change is sent once however often SNS delivers it.
        .writeTable(props.table, { deletesItems: true })
        .readSecret('targets', props.secrets.targets);
      for (const topic of Object.values(emailTopics)) topic.grantPublish(forwarder);
      props.alarmTopic.addSubscription(new LambdaSubscription(forwarder));
      this.alarmForwarder = forwarder;
    }

    // Hand-off packages link to the case page; the API cannot know its own URL otherwise.
    for (const fn of [this.casesApi, this.caseActions]) {
      fn.addEnvironment('PUBLIC_BASE_URL', config.publicBaseUrl ?? publicUrl);
    }
    const handlers: Record<HttpFunction, SundownFunction> = {
      webhooks: this.webhookReceiver,
      cases: this.casesApi,
      actions: this.caseActions,
      console: this.consoleApi,
    };
    // The same route table serves the local stack. Webhook routes carry no API auth: each
    // platform signs its requests and the receiver verifies them.
    for (const route of httpRoutes()) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        handler: handlers[route.function],
        authorization: route.auth,
        traffic: route.traffic,
      });
    }

    this.monitoring = new SundownMonitoring(this, 'Monitoring', {
      stage: props.stage,
      alarmTopic: props.alarmTopic,
      silentIntakeAfter: Duration.seconds(silentIntakeSeconds(props.config.operations.silentIntakeAfter)),
      functions: {
        'webhook receiver': this.webhookReceiver,
        'intake processor': this.intakeProcessor,
        'cases API': this.casesApi,
        'case actions': this.caseActions,
        console: this.consoleApi,
        sweeper: this.sweeper,
        'timer worker': this.timerWorker,
        'alert worker': this.alertWorker,
        ...(this.alarmForwarder && { 'alarm forwarder': this.alarmForwarder }),
      },
      queues: { intake: props.intake, timers: props.timers, alerts: props.alerts },
    });

    new CfnOutput(this, 'ApiUrl', { description: 'execute-api URL, for signed CLI calls', value: props.frontDoor.url });
    new CfnOutput(this, 'ConsoleUrl', {
      description: 'The team console (sign in with the team user pool)',
      value: urlOf(publicUrl, '/console'),
    });
    new CfnOutput(this, 'PublicUrl', { description: 'Where platforms and people reach Sundown', value: publicUrl });
    // One output per URL to register with a platform or integration, and the case page.
    for (const endpoint of publicEndpoints(httpRoutes(), Object.keys(props.config.inboundSources))) {
      new CfnOutput(this, endpoint.outputName, {
        description: `${endpoint.methods} ${endpoint.path}`,
        value: urlOf(publicUrl, endpoint.path),
      });
    }
  }
}
