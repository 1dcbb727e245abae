/**
 * What the fault tests check at the end, read without faults: the whole table by entity, and
 * queue helpers to shorten visibility timeouts and move dead letters back to their queue.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { auditFromItem, caseFromItem, foldedAudit } from '../../functions/adapters/dynamodb/items.ts';
import type { TestStack } from '../support/local-stack.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export type Row = Record<string, unknown> & { readonly entity?: string };

/** Every item of the stack's table, grouped by its `entity` tag; case and audit items read as the adapter reads them
 * (a deflated case, one row per audit entry of a grouped item or of a message item that holds its write's entries). */
export const readTable = async (stack: TestStack): Promise<Map<string, Row[]>> => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', endpoint: stack.dynamoEndpoint, credentials }),
  );
  const byEntity = new Map<string, Row[]>();
  try {
    for await (const page of paginateScan({ client }, { TableName: stack.tableName, ConsistentRead: true })) {
      for (const item of (page.Items ?? []) as Row[]) {
        const entity = String(item.entity ?? 'other');
        const rows: Row[] =
          entity === 'case'
            ? [{ ...item, ...(caseFromItem(item) as unknown as Row) }]
            : entity === 'audit'
              ? auditFromItem(item).map((entry) => ({ ...(entry as unknown as Row), entity }))
              : [item];
        byEntity.set(entity, [...(byEntity.get(entity) ?? []), ...rows]);
        if (entity === 'message' || entity === 'event') {
          const held = foldedAudit(item).map((entry) => ({ ...(entry as unknown as Row), entity: 'audit' }));
          byEntity.set('audit', [...(byEntity.get('audit') ?? []), ...held]);
        }
      }
    }
  } finally {
    client.destroy();
  }
  return byEntity;
};

/** Queue plumbing the test drives from outside the system, on a client without faults. */
export const queueTools = (stack: TestStack) => {
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: stack.sqsEndpoint,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  return {
    /** Failed messages come back after this long instead of the stack's 30 s. */
    setVisibilityTimeout: async (queueUrl: string, seconds: number) => {
      await sqs.send(
        new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: String(seconds) } }),
      );
    },
    /** Moves every message on the DLQ back to its queue, as an operator's redrive does; returns how many. */
    redrive: async (dlqUrl: string, queueUrl: string): Promise<number> => {
      let moved = 0;
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages.length === 0) return moved;
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, i) => ({
              Id: String(i),
              MessageBody: m.Body ?? '',
              ...(m.MessageAttributes && { MessageAttributes: m.MessageAttributes }),
            })),
          }),
        );
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: dlqUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
        moved += Messages.length;
      }
    },
    destroy: () => sqs.destroy(),
  };
};

/** Runs `work` over `items`, `concurrency` at a time. */
export const inParallel = async <T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
