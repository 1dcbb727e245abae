/**
 * The real local stack for end-to-end tests: the same handlers, DynamoDB Local (shared, a
 * fresh table per stack), the SQS emulator and the SQS poller, on a free loopback port.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';

export const TEST_SECRETS = {
  X_CONSUMER_SECRET: 'test-x-consumer-secret',
  META_APP_SECRET: 'test-meta-app-secret',
  META_VERIFY_TOKEN: 'test-meta-verify-token',
  INBOUND_WEBHOOK_SECRET: 'whsec_dGVzdC1pbmJvdW5kLXdlYmhvb2stc2VjcmV0LTAwMDAwMDA=',
  SLACK_SIGNING_SECRET: 'test-slack-signing-secret',
  PAGERDUTY_WEBHOOK_SECRET: 'test-pagerduty-webhook-secret',
  LINK_SIGNING_SECRET: 'test-link-signing-secret',
} as const;

/**
 * The official platform samples the end-to-end tests replay are years old, and the receiver dates
 * an event older than `intake.eventTimes.maxAge` at its receipt. A test without a config of its
 * own runs the repository config with a 100-year horizon, so a sample keeps its own time; the
 * bound itself is tested in test/security/event-times.test.ts.
 */
const repoConfigReplayingHistory = (): string => {
  const config = JSON.parse(readFileSync(new URL('../../sundown.config.json', import.meta.url), 'utf8'));
  const path = join(tmpdir(), `sundown-e2e-config-${randomUUID()}.json`);
  const intake = { ...config.intake, eventTimes: { ...config.intake?.eventTimes, maxAge: 'P36500D' } };
  writeFileSync(path, JSON.stringify({ ...config, intake }));
  return path;
};

export interface TestStack extends LocalStack {
  post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }>;
  get(path: string): Promise<{ status: number; json: unknown; text: string }>;
  /** Resolves once the intake queue is empty and nothing is in flight. */
  drained(timeoutMs?: number): Promise<void>;
  queueDepth(url: string): Promise<number>;
  /** An agent's sign-in header for the cases API (get and post add it themselves). */
  signedIn(): Record<string, string>;
  /** An SQS client for the stack's emulator, closed by stop(). */
  readonly sqs: SQSClient;
}

export const startTestStack = async (
  options: {
    readonly configPath?: string;
    readonly sweepEveryMs?: number;
    readonly bodyTimeoutMs?: number;
    readonly env?: Record<string, string>;
    /**
     * How soon an intake message whose processing failed (a lost race on its case, a refused
     * write) comes back: the intake queue's visibility timeout. A test that makes many such races
     * waits this long for their retries, not the 30 s Lambda's timeout gives on AWS.
     * @default 30
     */
    readonly intakeRetrySeconds?: number;
  } = {},
): Promise<TestStack> => {
  Object.assign(process.env, TEST_SECRETS, options.env);
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `sundown-e2e-${randomUUID()}`,
    configPath: options.configPath ?? repoConfigReplayingHistory(),
    ...(options.sweepEveryMs && { sweepEveryMs: options.sweepEveryMs }),
    ...(options.bodyTimeoutMs && { bodyTimeoutMs: options.bodyTimeoutMs }),
  });
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: stack.sqsEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  if (options.intakeRetrySeconds !== undefined) {
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: stack.queues.intake.url,
        Attributes: { VisibilityTimeout: String(options.intakeRetrySeconds) },
      }),
    );
  }
  const queueDepth = async (url: string): Promise<number> => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  };
  // The cases API takes the team's sign-in token, as on AWS: an agent's, from the local issuer.
  const [agent] = stack.signIn.users;
  const signedIn = (): Record<string, string> =>
    agent ? { authorization: `Bearer ${stack.signIn.tokensFor(agent).id_token}` } : {};
  return {
    ...stack,
    signedIn,
    sqs,
    queueDepth,
    post: async (path, body, headers) => {
      const response = await fetch(`${stack.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedIn(), ...headers },
        body,
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : undefined };
    },
    get: async (path) => {
      const response = await fetch(`${stack.url}${path}`, { headers: signedIn() });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text };
    },
    drained: async (timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      let emptyChecks = 0;
      while (Date.now() < deadline) {
        emptyChecks = (await queueDepth(stack.queues.intake.url)) === 0 ? emptyChecks + 1 : 0;
        // Twice in a row: a batch taken off the queue is in flight until deleted.
        if (emptyChecks >= 2) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`intake queue not drained after ${timeoutMs} ms`);
    },
    stop: async () => {
      sqs.destroy();
      await stack.stop();
    },
  };
};
