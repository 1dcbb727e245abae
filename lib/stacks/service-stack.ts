import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { SundownConfig } from '../../functions/config/schema.ts';
import { FUNCTION_ENTRIES, HTTP_ROUTES, type HttpFunction } from '../../functions/handlers/routes.ts';
import { SundownHttpApi } from '../constructs/http-api.ts';
import type { QueueWithDlq } from '../constructs/queue-with-dlq.ts';
import { SundownFunction } from '../constructs/sundown-function.ts';

export interface ServiceStackProps extends StackProps {
  readonly stage: string;
  readonly config: SundownConfig;
  readonly table: ITableV2;
  readonly intake: QueueWithDlq;
  readonly bus: IEventBus;
  readonly webhookSecret: ISecret;
  readonly alarmTopic: ITopic;
  /** @default 100 */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
}

const handlerEntry = (file: string): string => fileURLToPath(new URL(`../../${file}`, import.meta.url));

/** The stateless side: functions and the HTTP API. Safe to destroy and redeploy at any time. */
export class ServiceStack extends Stack {
  readonly webhookReceiver: SundownFunction;
  readonly intakeProcessor: SundownFunction;
  readonly casesApi: SundownFunction;
  readonly httpApi: SundownHttpApi;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const common = { config: props.config, alarmTopic: props.alarmTopic };

    this.webhookReceiver = new SundownFunction(this, 'WebhookReceiver', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.webhooks),
      description: 'Verifies platform webhooks and queues them for intake',
    })
      .sendTo(props.intake.queue, 'INTAKE_QUEUE_URL')
      .readSecret(props.webhookSecret);

    this.intakeProcessor = new SundownFunction(this, 'IntakeProcessor', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.intake),
      description: 'Turns queued platform events into cases and publishes domain events',
      timeout: Duration.seconds(30),
    })
      .writeTable(props.table)
      .publishTo(props.bus)
      // Events that can never succeed are parked on the DLQ at once, with their reason.
      .sendTo(props.intake.deadLetterQueue, 'INTAKE_DLQ_URL');
    props.intake.addConsumer(this.intakeProcessor, { batchSize: 10, maxBatchingWindow: Duration.seconds(1) });

    this.casesApi = new SundownFunction(this, 'CasesApi', {
      ...common,
      entry: handlerEntry(FUNCTION_ENTRIES.cases),
      description: 'Read-only case API',
    }).readTable(props.table);

    this.httpApi = new SundownHttpApi(this, 'HttpApi', {
      apiName: `sundown-${props.stage}`,
      throttleRateLimit: props.throttleRateLimit,
      throttleBurstLimit: props.throttleBurstLimit,
    });
    const handlers: Record<HttpFunction, SundownFunction> = { webhooks: this.webhookReceiver, cases: this.casesApi };
    // The same route table serves the local stack. Webhook routes carry no API auth: each
    // platform signs its requests and the receiver verifies them.
    for (const route of HTTP_ROUTES) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        handler: handlers[route.function],
        authorization: route.auth,
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
  }
}
