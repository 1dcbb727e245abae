/**
 * The local stand-in for an SQS event source mapping, on the fauxqs emulator: it hands a message
 * to a handler without the empty receives the emulator gives every other waiting poll, runs at
 * most as many batches as the mapping's concurrency, and deletes a batch without making the
 * next one wait for it.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SqsEmulator, startSqsEmulator } from '../../local/sqs-emulator.ts';
import { type Poller, type SqsHandler, startSqsPoller } from '../../local/sqs-poller.ts';

interface Calls {
  receives: number;
  emptyReceives: number;
  deletesDone: number[];
}

let emulator: SqsEmulator;
let sqs: SQSClient;
let calls: Calls;
let deleteDelayMs: number;
const pollers: Poller[] = [];

beforeEach(async () => {
  emulator = await startSqsEmulator({ queueNames: ['work'], region: 'us-east-1', visibilityTimeoutSeconds: 1 });
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  calls = { receives: 0, emptyReceives: 0, deletesDone: [] };
  deleteDelayMs = 0;
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'DeleteMessageBatchCommand' && deleteDelayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, deleteDelayMs));
      const result = await next(args);
      if (context.commandName === 'ReceiveMessageCommand') {
        calls.receives += 1;
        if (((result.output as { Messages?: unknown[] }).Messages ?? []).length === 0) calls.emptyReceives += 1;
      }
      if (context.commandName === 'DeleteMessageBatchCommand') calls.deletesDone.push(Date.now());
      return result;
    },
    { step: 'initialize', name: 'countPollerCalls' },
  );
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  sqs.destroy();
  await emulator.stop();
});

const queue = () => emulator.queues.work ?? { url: '', arn: '' };

const poll = (handler: SqsHandler, options: { concurrency: number; batchSize?: number }) => {
  const poller = startSqsPoller({
    client: sqs,
    queueUrl: queue().url,
    queueArn: queue().arn,
    region: 'us-east-1',
    functionName: 'work',
    handler,
    ...options,
  });
  pollers.push(poller);
};

const send = (body: string) => sqs.send(new SendMessageCommand({ QueueUrl: queue().url, MessageBody: body }));

const bodies = (event: SQSEvent) => event.Records.map((record) => record.body);

describe('the local SQS poller', () => {
  it('takes each message with one receive, where six waiting polls came back empty for all but one', async () => {
    // Prepare: six batches may run at once, and messages arrive one by one while the polls wait
    const handled: string[] = [];
    poll(
      async (event) => {
        handled.push(...bodies(event));
        return { batchItemFailures: [] };
      },
      { concurrency: 6 },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act
    for (let i = 0; i < 10; i++) {
      await send(`m${i}`);
      await vi.waitFor(() => expect(handled).toHaveLength(i + 1));
    }

    // Assess: one receive per message, none of them empty
    expect(handled).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    expect(calls.emptyReceives).toBe(0);
    expect(calls.receives).toBe(10);
  });

  it('runs at most as many batches at once as its concurrency, side by side', async () => {
    // Prepare: handlers that stay busy until the test lets them go
    let running = 0;
    let mostRunning = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handled: string[] = [];
    poll(
      async (event) => {
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        await released;
        handled.push(...bodies(event));
        running -= 1;
        return { batchItemFailures: [] };
      },
      { concurrency: 2, batchSize: 1 },
    );

    // Act
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map(send));
    await vi.waitFor(() => expect(running).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const whileHeld = { running, handled: handled.length };
    release();
    await vi.waitFor(() => expect(handled).toHaveLength(5));

    // Assess
    expect(whileHeld).toEqual({ running: 2, handled: 0 });
    expect(mostRunning).toBe(2);
    expect([...handled].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('hands the next batch over while the last one is still being deleted', async () => {
    // Prepare: one batch at a time, and deletes that take 400 ms
    deleteDelayMs = 400;
    const started: number[] = [];
    poll(
      async () => {
        started.push(Date.now());
        return { batchItemFailures: [] };
      },
      { concurrency: 1, batchSize: 1 },
    );

    // Act
    await send('first');
    await vi.waitFor(() => expect(started).toHaveLength(1));
    await send('second');
    await vi.waitFor(() => expect(calls.deletesDone).toHaveLength(2));

    // Assess: the second batch started before the first one's delete came back
    expect(started[1]).toBeLessThan(calls.deletesDone[0] ?? 0);
  });

  it('leaves a failed record to come back and deletes the rest of its batch', async () => {
    // Prepare: a handler that fails 'bad' the first time it sees it
    const seen: string[] = [];
    poll(
      async (event) => {
        seen.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
        const failed = event.Records.filter((r) => r.body === 'bad' && r.attributes.ApproximateReceiveCount === '1');
        return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
      },
      { concurrency: 1 },
    );

    // Act
    await Promise.all(['good', 'bad'].map(send));
    await vi.waitFor(() => expect(seen).toContain('bad#2'), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Assess: 'good' once, 'bad' again after its visibility timeout, then deleted
    expect(seen.filter((s) => s.startsWith('good'))).toEqual(['good#1']);
    expect(seen.filter((s) => s.startsWith('bad'))).toEqual(['bad#1', 'bad#2']);
  });
});
