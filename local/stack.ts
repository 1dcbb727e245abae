/**
 * The whole system on one machine, no AWS account: DynamoDB Local, the SQS emulator, the
 * same Lambda handlers behind a loopback HTTP server and an SQS poller, and a recorded
 * in-process event bus in place of EventBridge.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTimerIndex } from '../functions/adapters/dynamodb/timer-index.ts';
import { WritePace } from '../functions/commons/write-pace.ts';
import type { DomainEvent } from '../functions/domain/events.ts';
import { ALERT_MAX_ATTEMPTS } from '../functions/use-cases/record-delivery.ts';
import { CONSUMER_BUDGETS, consumerConcurrency, copyWriteUnitsPerSecond } from '../lib/write-budget.ts';
import { createCaseTable } from './create-table.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { RecordingEventBus } from './event-bus.ts';
import { startHttpServer } from './http-server.ts';
import { type OidcIssuer, startOidcIssuer } from './oidc-issuer.ts';
import { startSchedule } from './schedule.ts';
import { startSqsEmulator } from './sqs-emulator.ts';
import { startSqsPoller } from './sqs-poller.ts';
import { removeLocalState, writeLocalState } from './state-file.ts';

export interface LocalStackOptions {
  /** @default 3000 */
  readonly port?: number;
  readonly host?: string;
  /** @default sundown.config.json */
  readonly configPath?: string;
  /** Keep the table and queues here across restarts; in memory when absent. */
  readonly dataDir?: string;
  /** Use an already running DynamoDB Local instead of starting one (tests share one). */
  readonly dynamoEndpoint?: string;
  /** @default sundown-local */
  readonly tableName?: string;
  readonly log?: (line: string) => void;
  /** How often the local sweeper runs (on AWS: every minute). @default 10_000 */
  readonly sweepEveryMs?: number;
  /** How long the HTTP server waits for a request body before answering 408. @default 10 s */
  readonly bodyTimeoutMs?: number;
  /** Written once the stack is up and removed on stop, so `npx sundown` finds it. @default - none */
  readonly stateFile?: string;
  /** Where the local sign-in issuer listens. @default port + 1 (any free port when port is 0) */
  readonly signInPort?: number;
}

export interface LocalStack {
  readonly url: string;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly queues: Readonly<Record<'intake' | 'timers' | 'alerts', { readonly url: string; readonly dlqUrl: string }>>;
  readonly bus: RecordingEventBus;
  /** The team sign-in issuer standing in for Cognito: its users, and tokens for scripts and tests. */
  readonly signIn: OidcIssuer;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

/**
 * A table made just now holds no timers, so its first sweep need not look back an hour for
 * timers written before any sweep (252 empty shard reads and checkpoints, 2-8 s at each start).
 */
const startSweepsNow = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const timerIndex = new DynamoTimerIndex({ client: DynamoDBDocumentClient.from(client), tableName });
  await timerIndex.writeCursor(new Date().toISOString().slice(0, 'yyyy-MM-ddTHH:mm'.length), undefined);
};
const CONSOLE_CLIENT_ID = 'sundown-console-local';

export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      const dynamo = await startDynamoDbLocal(options.dataDir ? { dbPath: options.dataDir } : {});
      stops.push(() => dynamo.stop());
      dynamoEndpoint = dynamo.endpoint;
      log(`DynamoDB Local on ${dynamoEndpoint}${options.dataDir ? ` (data in ${options.dataDir})` : ' (in memory)'}`);
    }
    const tableName = options.tableName ?? 'sundown-local';
    const dynamoClient = new DynamoDBClient({
      region: REGION,
      endpoint: dynamoEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    if (await createCaseTable(dynamoClient, tableName)) await startSweepsNow(dynamoClient, tableName);
    dynamoClient.destroy();
    log(`table ${tableName} ready`);

    const sqsEmulator = await startSqsEmulator({
      queueNames: ['intake', 'timers', 'alerts'],
      // As deployed (lib/stacks/stateful-stack.ts): a target that is down gets eight tries.
      maxReceiveCounts: { alerts: ALERT_MAX_ATTEMPTS },
      region: REGION,
      ...(options.dataDir && { dataDir: join(options.dataDir, 'sqs') }),
    });
    stops.push(() => sqsEmulator.stop());
    const { intake, timers, alerts } = sqsEmulator.queues;
    if (!intake || !timers || !alerts) throw new Error('queues were not created');
    log(`SQS emulator on ${sqsEmulator.endpoint} (queues: intake, timers, alerts, each with a DLQ)`);

    const port = options.port ?? 3000;
    const signIn = await startOidcIssuer({
      port: options.signInPort ?? (port === 0 ? 0 : port + 1),
      host: options.host ?? '127.0.0.1',
      clientId: CONSOLE_CLIENT_ID,
    });
    stops.push(() => signIn.stop());
    log(`team sign-in issuer (Cognito's stand-in) on ${signIn.issuer}`);

    // The handlers read their settings from the environment, exactly as on AWS.
    Object.assign(process.env, {
      AWS_REGION: REGION,
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      SQS_ENDPOINT: sqsEmulator.endpoint,
      INTAKE_QUEUE_URL: intake.url,
      INTAKE_DLQ_URL: intake.dlqUrl,
      TIMER_QUEUE_URL: timers.url,
      TIMER_DLQ_URL: timers.dlqUrl,
      ALERT_QUEUE_URL: alerts.url,
      ALERT_DLQ_URL: alerts.dlqUrl,
      SUNDOWN_CONFIG: options.configPath ?? process.env.SUNDOWN_CONFIG ?? 'sundown.config.json',
      CONSOLE_SIGN_IN_URL: signIn.issuer,
      CONSOLE_CLIENT_ID,
    });
    const { resetSettingsCache, sundownConfig } = await import('../functions/config/settings.ts');
    const { sqs } = await import('../functions/adapters/aws-clients.ts');
    const { dashboard } = await import('./dashboard.ts');
    resetSettingsCache();
    const config = sundownConfig();
    log(`config for brand "${config.brand.name}" with ${config.accounts.length} accounts`);

    const bus = new RecordingEventBus({
      report: (event: DomainEvent) => log(`event bus <- ${event.type} case ${event.caseId}`),
    });

    const [webhooks, cases, actions, consoleHandler, intakeHandler, timersHandler, alertsHandler, sweeper, routes] =
      await Promise.all([
        import('../functions/handlers/webhooks.http.ts'),
        import('../functions/handlers/cases.http.ts'),
        import('../functions/handlers/actions.http.ts'),
        import('../functions/handlers/console.http.ts'),
        import('../functions/handlers/intake.sqs.ts'),
        import('../functions/handlers/timers.sqs.ts'),
        import('../functions/handlers/alerts.sqs.ts'),
        import('../functions/handlers/sweeper.schedule.ts'),
        import('../functions/handlers/routes.ts'),
      ]);

    // Each function builds its own composition root, with the in-process bus in place of EventBridge.
    const substitutes = { publisher: bus };
    // Each queue gets its own poller, as each has its own event source mapping on AWS. The timer and
    // alert workers take as many batches at once as their mappings' maxConcurrency lets Lambda run,
    // worked out from the same write budget (lib/stacks/service-stack.ts): a timer batch waits for
    // its latest deadline, so fewer would queue deadlines here that AWS fires on time.
    const deployed = (consumer: 'timers' | 'alerts') =>
      consumerConcurrency(CONSUMER_BUDGETS[consumer], config.deployment.table?.writeUnitsPerSecond);
    // Their copies' write budgets too: here all the batches of a worker share one, at its whole share.
    const paced = (consumer: 'timers' | 'alerts') => ({
      ...substitutes,
      writePace: new WritePace(
        copyWriteUnitsPerSecond(CONSUMER_BUDGETS[consumer], config.deployment.table?.writeUnitsPerSecond) *
          deployed(consumer),
      ),
    });
    const consumers = [
      { queue: intake, name: 'intake', handler: intakeHandler.createHandler(substitutes), concurrency: 4 },
      {
        queue: timers,
        name: 'timers',
        handler: timersHandler.createHandler(paced('timers')),
        concurrency: deployed('timers'),
      },
      {
        queue: alerts,
        name: 'alerts',
        handler: alertsHandler.createHandler(paced('alerts')),
        concurrency: deployed('alerts'),
      },
    ];
    for (const consumer of consumers) {
      const poller = startSqsPoller({
        client: sqs(),
        queueUrl: consumer.queue.url,
        queueArn: consumer.queue.arn,
        region: REGION,
        functionName: consumer.name,
        handler: consumer.handler,
        concurrency: consumer.concurrency,
        onError: (error) => log(`${consumer.name} poller error: ${(error as Error).message}`),
      });
      stops.push(() => poller.stop());
    }

    // The EventBridge schedule's stand-in: a local timer running the same sweeper handler.
    const sweep = sweeper.createHandler(substitutes);
    const schedule = startSchedule(
      options.sweepEveryMs ?? 10_000,
      async () => {
        const result = await sweep();
        if (result.dispatched > 0) log(`sweeper handed ${result.dispatched} due timer(s) to the timer queue`);
      },
      (error) => log(`sweeper error: ${(error as Error).message}`),
    );
    stops.push(() => schedule.stop());

    const http = await startHttpServer({
      port,
      host: options.host ?? '127.0.0.1',
      routes: routes.httpRoutes(),
      // API Gateway's JWT authorizer: issuer, audience (the console client), signature by the JWKS.
      teamSignIn: { issuer: signIn.issuer, audience: CONSOLE_CLIENT_ID, keys: async () => signIn.jwks().keys },
      handlers: {
        webhooks: webhooks.createHandler(substitutes),
        cases: cases.createHandler(substitutes),
        actions: actions.createHandler(substitutes),
        console: consoleHandler.createHandler(substitutes),
      },
      localPages: dashboard(substitutes),
      onRequest: log,
      ...(config.publicBaseUrl && { publicBaseUrl: config.publicBaseUrl }),
      ...(options.bodyTimeoutMs && { bodyTimeoutMs: options.bodyTimeoutMs }),
    });
    stops.push(() => http.stop());
    // The console's URLs, as Cognito's callback URLs list them: exact, nothing else.
    for (const base of [http.url, http.url.replace('127.0.0.1', 'localhost'), config.publicBaseUrl]) {
      if (base) signIn.registerRedirect(`${base.replace(/\/+$/, '')}/console`);
    }
    // Links in alerts point at this server; settings are re-read so the alert worker sees it.
    process.env.PUBLIC_BASE_URL = http.url;
    resetSettingsCache();
    log(`Sundown listening on ${http.url}`);

    const queues = {
      intake: { url: intake.url, dlqUrl: intake.dlqUrl },
      timers: { url: timers.url, dlqUrl: timers.dlqUrl },
      alerts: { url: alerts.url, dlqUrl: alerts.dlqUrl },
    };
    const { stateFile } = options;
    if (stateFile) {
      const state = { url: http.url, tableName, dynamoEndpoint, sqsEndpoint: sqsEmulator.endpoint, queues };
      writeLocalState(stateFile, { ...state, startedAt: new Date().toISOString(), pid: process.pid });
      stops.push(async () => removeLocalState(stateFile, http.url));
    }
    return { url: http.url, tableName, dynamoEndpoint, sqsEndpoint: sqsEmulator.endpoint, queues, bus, signIn, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
