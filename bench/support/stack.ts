/**
 * A measuring stack for the intake and cost benchmarks: DynamoDB Local (a JVM) and the SQS
 * emulator, each in its own process, the table and queues the local stack creates, the
 * settings the handlers read, and the real webhook receiver, intake processor, timer worker and
 * alert worker handlers, called in this process (alert targets answer in-process). No pollers and no sweeper: the benchmark drives every invocation.
 * EventBridge has no emulator; a counting bus stands in for it, as in the local stack.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Substitutes } from '../../functions/roots/parts.ts';
import { createCaseTable } from '../../local/create-table.ts';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { RecordingEventBus } from '../../local/event-bus.ts';
import type { LocalQueue } from '../../local/sqs-emulator.ts';
import type { WebhookSecrets } from './webhooks.ts';

const REGION = 'us-east-1';

export const SECRETS = {
  X_CONSUMER_SECRET: 'bench-x-consumer-secret',
  META_APP_SECRET: 'bench-meta-app-secret',
  META_VERIFY_TOKEN: 'bench-meta-verify-token',
  INBOUND_WEBHOOK_SECRET: 'whsec_YmVuY2gtaW5ib3VuZC13ZWJob29rLXNlY3JldC0wMA==',
  LINK_SIGNING_SECRET: 'bench-link-signing-secret',
  // The alert targets of sundown.config.json; their requests never leave the process (`sending` below).
  SLACK_WEBHOOK_SOCIAL: 'https://hooks.slack.com/services/T0BENCH/B0BENCH/benchbenchbenchbench',
  PAGERDUTY_ROUTING_KEY: 'benchbenchbenchbenchbenchbench01',
} as const satisfies WebhookSecrets & Record<string, string>;

const startEmulatorProcess = async (
  queueNames: readonly string[],
): Promise<{ endpoint: string; queues: Record<string, LocalQueue>; child: ChildProcess }> => {
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=ExperimentalWarning',
      '--import',
      'tsx',
      new URL('./sqs-emulator-process.ts', import.meta.url).pathname,
      ...queueNames,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('the SQS emulator process exited before it was ready');
    }),
  ])) as [string];
  lines.close();
  return { ...JSON.parse(first), child };
};

export const startMeasuringStack = async (options: { readonly tableName: string }) => {
  const dynamo = await startDynamoDbLocal();
  // floor: where the intake benchmark's floor sends, apart from the receiver's messages.
  const emulator = await startEmulatorProcess(['intake', 'timers', 'alerts', 'floor']);
  const { intake, timers, alerts, floor } = emulator.queues;
  if (!intake || !timers || !alerts || !floor) throw new Error('queues were not created');
  const client = new DynamoDBClient({
    region: REGION,
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createCaseTable(client, options.tableName);
  client.destroy();
  Object.assign(process.env, SECRETS, {
    AWS_REGION: REGION,
    TABLE_NAME: options.tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SQS_ENDPOINT: emulator.endpoint,
    INTAKE_QUEUE_URL: intake.url,
    INTAKE_DLQ_URL: intake.dlqUrl,
    TIMER_QUEUE_URL: timers.url,
    TIMER_DLQ_URL: timers.dlqUrl,
    ALERT_QUEUE_URL: alerts.url,
    ALERT_DLQ_URL: alerts.dlqUrl,
    SUNDOWN_CONFIG: new URL('../../sundown.config.json', import.meta.url).pathname,
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
  });
  const { resetSettingsCache } = await import('../../functions/config/settings.ts');
  resetSettingsCache();
  const bus = new RecordingEventBus({ limit: 100 });
  let published = 0;
  // Handed to the handlers' composition roots, which build on their first call: a benchmark
  // swaps an adapter (the clock, a counting store) before that.
  const substitutes: { -readonly [K in keyof Substitutes]: Substitutes[K] } = {
    publisher: {
      publish: async (events) => {
        published += events.length;
        await bus.publish(events);
      },
    },
  };
  // Every alert target answers at once with success, as Slack, PagerDuty and SNS do when they take one.
  substitutes.sending = {
    fetch: async () => new Response('ok', { status: 200 }),
    publishEmail: async () => undefined,
    log: () => undefined,
  };
  const [webhooks, intakeHandler, timersHandler, alertsHandler, clients, parts] = await Promise.all([
    import('../../functions/handlers/webhooks.http.ts'),
    import('../../functions/handlers/intake.sqs.ts'),
    import('../../functions/handlers/timers.sqs.ts'),
    import('../../functions/handlers/alerts.sqs.ts'),
    import('../../functions/adapters/aws-clients.ts'),
    import('../../functions/roots/parts.ts'),
  ]);
  const queues = { intake, timers, alerts, floor };
  const inspector = new SQSClient({
    region: REGION,
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  return {
    dynamoEndpoint: dynamo.endpoint,
    tableName: options.tableName,
    sqsEndpoint: emulator.endpoint,
    queues,
    /** Messages on a queue, visible or not (unmetered: its own client). */
    queueDepth: async (queue: keyof typeof queues): Promise<number> => {
      const { Attributes = {} } = await inspector.send(
        new GetQueueAttributesCommand({
          QueueUrl: queues[queue].url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return Object.values(Attributes).reduce((sum, n) => sum + Number(n), 0);
    },
    receiver: webhooks.createHandler(substitutes),
    processor: intakeHandler.createHandler(substitutes),
    timerWorker: timersHandler.createHandler(substitutes),
    alertWorker: alertsHandler.createHandler(substitutes),
    /** Adapters as the handlers' roots build them, over the same substitutes, for a benchmark's own calls. */
    adapters: {
      store: () => parts.caseStore(substitutes, parts.core(substitutes).metrics),
      timerIndex: () => parts.timerIndex(),
      timerQueue: () => parts.timerQueue(substitutes),
    },
    /** Hands the handlers' composition roots more substitutes (the clock, a counting store); before their first call only. */
    passSubstitutesToRoots: (more: Substitutes) => {
      Object.assign(substitutes, more);
    },
    /** The production clients the adapters use, built once (functions/adapters/aws-clients.ts). */
    clients,
    /** Domain events published so far (EventBridge PutEvents entries on AWS). */
    published: () => published,
    stop: async () => {
      inspector.destroy();
      emulator.child.stdin?.end();
      await once(emulator.child, 'exit');
      await dynamo.stop();
    },
  };
};

export type MeasuringStack = Awaited<ReturnType<typeof startMeasuringStack>>;
