/**
 * Plays the part of a Lambda SQS event source mapping: long-polls a queue, hands batches to
 * the handler as an SQSEvent, deletes what succeeded and leaves reported failures to
 * become visible again (and, after maxReceiveCount, to move to the DLQ).
 */
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

const toRecord = (message: Message, queueArn: string, region: string): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? 'local',
    ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      {
        dataType: value.DataType ?? 'String',
        ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
      },
    ]),
  ),
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: queueArn,
  awsRegion: region,
});

export const lambdaContext = (functionName: string): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

export interface Poller {
  stop(): Promise<void>;
}

/**
 * Slots for batches in flight: `take` resolves once fewer than `size` are held. The receive loop
 * takes one before it polls, so a message is never received without a handler free to take it.
 */
const batchSlots = (size: number) => {
  let held = 0;
  let freed: (() => void) | undefined;
  return {
    take: async (): Promise<void> => {
      while (held >= size) await new Promise<void>((resolve) => (freed = resolve));
      held += 1;
    },
    give: (): void => {
      held -= 1;
      freed?.();
      freed = undefined;
    },
  };
};

export const startSqsPoller = (options: {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly functionName: string;
  readonly handler: SqsHandler;
  readonly batchSize?: number;
  /** Batches in flight at once, as Lambda runs several invocations of a consumer. @default 1 */
  readonly concurrency?: number;
  readonly onError?: (error: unknown) => void;
}): Poller => {
  let running = true;
  const abort = new AbortController();
  const slots = batchSlots(options.concurrency ?? 1);
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const settle = async (messages: readonly Message[]): Promise<void> => {
    const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options.queueArn, options.region)) };
    let failed = new Set<string>(messages.map((m) => m.MessageId ?? ''));
    try {
      const response = await options.handler(event, lambdaContext(options.functionName));
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      options.onError?.(error);
    } finally {
      // The invocation is over: as on Lambda, its slot takes the next batch while this one is deleted.
      slots.give();
    }
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    if (done.length === 0) return;
    await options.client
      .send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      );
  };
  // One receive in flight per queue, as a mapping's pollers never get an empty answer for a message
  // another poller took: the emulator wakes every waiting receive when a message becomes visible,
  // and all but one would come back empty and poll again, spending the process's CPU for nothing.
  const loop = async (): Promise<void> => {
    while (running) {
      await slots.take();
      let messages: Message[] = [];
      try {
        const received = await options.client.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.batchSize ?? 10,
            // Long polling, as Lambda's event source mapping does: the emulator answers as soon as a
            // message is sent or becomes visible (a delay or a visibility timeout ending), so a longer
            // wait only saves the empty receives of an idle queue; stop() aborts the one in flight.
            WaitTimeSeconds: 10,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        slots.give();
        if (!running) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (messages.length === 0) slots.give();
      else track(settle(messages));
    }
  };
  const receiving = loop();
  return {
    stop: async () => {
      running = false;
      abort.abort();
      await receiving;
      await Promise.all(inFlight);
    },
  };
};
