/**
 * The viral post: distinct commenters on one brand Facebook post, each comment signed and
 * delivered through the webhook receiver, then the intake queue drained the way the event source
 * mapping does it: batches of up to ten, `concurrency` invocations at once, failed records
 * received again until the queue's redrive policy moves them to the DLQ after five receives.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { caseFromItem } from '../../functions/adapters/dynamodb/items.ts';
import { lambdaContext } from '../../local/sqs-poller.ts';
import { invokeReceiver, toRecord } from '../support/drive.ts';
import { measured, sleep } from '../support/figures.ts';
import { type MeasuringStack, SECRETS } from '../support/stack.ts';
import type { CaseWriteCounts } from './case-writes.ts';
import { commentDelivery, commenter } from './comments.ts';
import type { Inspector } from './inspector.ts';

export interface ViralPostFigures {
  readonly commenters: number;
  readonly receiverMs: number;
  readonly drainMs: number;
  readonly invocations: number;
  readonly recordsReceived: number;
  readonly redeliveries: number;
  readonly failedRecords: number;
  readonly timedOut: boolean;
  readonly intakeLeft: number;
  readonly deadLetters: number;
  readonly cases: number;
  readonly customers: number;
  readonly messages: number;
  readonly writes: CaseWriteCounts;
}

/** As the intake queue on AWS: longer than any batch takes, so no record comes back while it is processed. */
const VISIBILITY_SECONDS = 180;

interface DrainCounts {
  invocations: number;
  received: number;
  redeliveries: number;
  failed: number;
  timedOut: boolean;
}

const drain = async (stack: MeasuringStack, concurrency: number, deadline: number): Promise<DrainCounts> => {
  const sqs = stack.clients.sqs();
  const { url, arn } = stack.queues.intake;
  const counts: DrainCounts = { invocations: 0, received: 0, redeliveries: 0, failed: 0, timedOut: false };
  const worker = async () => {
    while (Date.now() < deadline) {
      const { Messages: messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: VISIBILITY_SECONDS,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (messages.length === 0) {
        if ((await stack.queueDepth('intake')) === 0) return;
        await sleep(200);
        continue;
      }
      counts.received += messages.length;
      counts.redeliveries += messages.filter((m) => Number(m.Attributes?.ApproximateReceiveCount ?? 1) > 1).length;
      const response = await stack.processor(
        { Records: messages.map((m) => toRecord(m, arn)) },
        lambdaContext('intake'),
      );
      counts.invocations += 1;
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      counts.failed += failed.size;
      // Failed records come back at once rather than after the visibility timeout: retries are counted, not waited for.
      const retry = messages.filter((m) => failed.has(m.MessageId ?? ''));
      if (retry.length > 0) {
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: url,
            Entries: retry.map((m, i) => ({
              Id: String(i),
              ReceiptHandle: m.ReceiptHandle ?? '',
              VisibilityTimeout: 0,
            })),
          }),
        );
      }
      const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
      if (done.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      }
    }
    counts.timedOut = true;
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
};

const deadLetterDepth = async (stack: MeasuringStack): Promise<number> => {
  const { Attributes = {} } = await stack.clients.sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: stack.queues.intake.dlqUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Object.values(Attributes).reduce((sum, n) => sum + Number(n), 0);
};

/** Case items in the table: how many, for how many customers, holding how many messages. */
const casesInTable = async (inspector: Inspector) => {
  const customers = new Set<string>();
  let cases = 0;
  let messages = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await inspector.client.send(
      new ScanCommand({
        TableName: inspector.tableName,
        FilterExpression: 'sk = :case',
        ExpressionAttributeValues: { ':case': 'CASE' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      // Read as the store reads it: a case item keeps its fields deflated in `body`.
      const stored = caseFromItem(item);
      cases += 1;
      customers.add(String(stored.customerId));
      messages += Number(stored.messageCount ?? 0);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { cases, customers: customers.size, messages };
};

export const runViralPost = async (
  stack: MeasuringStack,
  inspector: Inspector,
  writes: CaseWriteCounts,
  options: { readonly commenters: number; readonly concurrency: number; readonly deadline: number },
): Promise<ViralPostFigures> => {
  const startSeconds = Math.floor(Date.now() / 1000) - 120;
  const deliveries = Array.from({ length: options.commenters }, (_, i) =>
    commentDelivery(
      commenter(1, i),
      600_000_000 + i,
      startSeconds + Math.floor((i * 100) / options.commenters),
      'new case',
      SECRETS.META_APP_SECRET,
    ),
  );
  const receiver = await measured(() => invokeReceiver(stack, deliveries, options.concurrency));
  let counts: DrainCounts | undefined;
  const drained = await measured(async () => {
    counts = await drain(stack, options.concurrency, options.deadline);
  });
  if (!counts) throw new Error('the drain did not run');
  const table = await casesInTable(inspector);
  return {
    commenters: options.commenters,
    receiverMs: receiver.wallMs,
    drainMs: drained.wallMs,
    invocations: counts.invocations,
    recordsReceived: counts.received,
    redeliveries: counts.redeliveries,
    failedRecords: counts.failed,
    timedOut: counts.timedOut,
    intakeLeft: await stack.queueDepth('intake'),
    deadLetters: await deadLetterDepth(stack),
    ...table,
    writes: structuredClone(writes),
  };
};
