/**
 * Driving the handlers the way AWS does, one step at a time: API Gateway invoking the receiver
 * with each delivery, and the event source mapping taking the intake queue's messages in batches
 * of ten and handing each batch to the processor. Receiving and deleting (the mapping's work,
 * not the function's) are separate steps, so a benchmark can time the function alone.
 */
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from '../../local/sqs-poller.ts';
import { mapLimit } from './figures.ts';
import type { MeasuringStack } from './stack.ts';
import { apiGatewayEvent, type Delivery } from './webhooks.ts';

export const invokeReceiver = async (
  stack: MeasuringStack,
  deliveries: readonly Delivery[],
  concurrency: number,
): Promise<void> => {
  await mapLimit(deliveries, concurrency, async (delivery) => {
    const result = await stack.receiver(apiGatewayEvent(delivery), lambdaContext('webhooks'));
    if (result.statusCode !== 200) {
      throw new Error(
        `receiver answered ${result.statusCode} to a ${delivery.platform} ${delivery.kind}: ${result.body}`,
      );
    }
  });
};

export type QueueName = 'intake' | 'timers' | 'alerts';
type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Everything on a queue, in batches as the event source mapping would hand them over. */
export const receiveAll = async (stack: MeasuringStack, queue: QueueName = 'intake'): Promise<Message[][]> => {
  const batches: Message[][] = [];
  for (let empty = 0; empty < 2; ) {
    const { Messages = [] } = await stack.clients.sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: stack.queues[queue].url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        // Long enough that nothing comes back while the batches wait to be processed.
        VisibilityTimeout: 900,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) empty += 1;
    else batches.push(Messages);
  }
  return batches;
};

export const toRecord = (message: Message, queueArn: string): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: 'bench',
    ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: queueArn,
  awsRegion: 'us-east-1',
});

/** One consumer invocation per batch, `concurrency` at once; returns how many records failed. */
export const invokeConsumer = async (
  stack: MeasuringStack,
  batches: readonly Message[][],
  concurrency: number,
  queue: QueueName = 'intake',
): Promise<number> => {
  const handler: SqsHandler = { intake: stack.processor, timers: stack.timerWorker, alerts: stack.alertWorker }[queue];
  const failures = await mapLimit(batches, concurrency, async (batch) => {
    const event: SQSEvent = { Records: batch.map((m) => toRecord(m, stack.queues[queue].arn)) };
    const response = await handler(event, lambdaContext(queue));
    return response.batchItemFailures.length;
  });
  return failures.reduce((sum, n) => sum + n, 0);
};

export const deleteAll = async (
  stack: MeasuringStack,
  batches: readonly Message[][],
  queue: QueueName = 'intake',
): Promise<void> => {
  for (const batch of batches) {
    await stack.clients.sqs().send(
      new DeleteMessageBatchCommand({
        QueueUrl: stack.queues[queue].url,
        Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
};

/** The whole path for one set of deliveries: receiver, then the processor over what it queued. */
export const deliverAndProcess = async (
  stack: MeasuringStack,
  deliveries: readonly Delivery[],
  concurrency: number,
): Promise<void> => {
  await invokeReceiver(stack, deliveries, concurrency);
  const batches = await receiveAll(stack);
  const failed = await invokeConsumer(stack, batches, concurrency);
  if (failed > 0) throw new Error(`the processor failed ${failed} record(s)`);
  await deleteAll(stack, batches);
};
