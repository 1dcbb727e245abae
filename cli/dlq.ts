/**
 * `sundown dlq list [--peek]` and `sundown dlq redrive <queue> [--max n]` for the intake, timer
 * and alert queues. Redrive is by hand (receive, send to the source with the same body and
 * attributes, delete), as the SQS emulator has no StartMessageMoveTask; the same on AWS.
 */
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { CliError, type Io, json, table, truncate } from './output.ts';
import { QUEUE_NAMES, type QueueName, type Target } from './target.ts';

export interface ParkedMessage {
  readonly messageId: string;
  readonly reason?: string;
  readonly body: string;
}

const depthOf = async (target: Target, url: string): Promise<number> => {
  const { Attributes } = await target.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

const receive = (target: Target, url: string, visibilitySeconds: number): Promise<Message[]> =>
  target.sqs
    .send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: visibilitySeconds,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    )
    .then((result) => result.Messages ?? []);

/** Up to `max` messages, left on the queue (visible again at once). */
const peek = async (target: Target, url: string, max = 10): Promise<ParkedMessage[]> => {
  const seen = new Map<string, ParkedMessage>();
  for (let round = 0; round < 3 && seen.size < max; round++) {
    for (const message of await receive(target, url, 0)) {
      if (!message.MessageId) continue;
      seen.set(message.MessageId, {
        messageId: message.MessageId,
        ...(message.MessageAttributes?.reason?.StringValue && { reason: message.MessageAttributes.reason.StringValue }),
        body: message.Body ?? '',
      });
    }
  }
  return [...seen.values()].slice(0, max);
};

export const dlqList = async (io: Io, target: Target, options: { peek?: boolean; json?: boolean }): Promise<number> => {
  const queues = [];
  for (const name of QUEUE_NAMES) {
    const { dlqUrl } = target.queues[name];
    const depth = await depthOf(target, dlqUrl);
    queues.push({
      queue: name,
      dlqUrl,
      depth,
      ...(options.peek && { messages: depth > 0 ? await peek(target, dlqUrl) : [] }),
    });
  }
  if (options.json) {
    io.out(json({ queues }));
    return 0;
  }
  io.out(
    table(
      queues.map(({ queue, depth, dlqUrl }) => ({ queue, depth, dlq: dlqUrl })),
      ['queue', 'depth', 'dlq'],
    ),
  );
  for (const { queue, messages } of queues) {
    for (const message of messages ?? []) {
      io.out(
        `\n${queue} ${message.messageId}\n  reason: ${message.reason ?? '(none)'}\n  body:   ${truncate(message.body, 300)}`,
      );
    }
  }
  return 0;
};

export const parseQueue = (name: string): QueueName => {
  const aliases: Record<string, QueueName> = {
    intake: 'intake',
    timer: 'timers',
    timers: 'timers',
    alert: 'alerts',
    alerts: 'alerts',
  };
  const queue = aliases[name];
  if (!queue) throw new CliError(`queue must be one of ${QUEUE_NAMES.join(', ')}, got "${name}"`);
  return queue;
};

const sendableAttributes = (attributes: Message['MessageAttributes']): Record<string, MessageAttributeValue> =>
  Object.fromEntries(
    Object.entries(attributes ?? {}).map(([name, value]) => [
      name,
      {
        DataType: value.DataType,
        ...(value.StringValue !== undefined && { StringValue: value.StringValue }),
        ...(value.BinaryValue !== undefined && { BinaryValue: value.BinaryValue }),
      },
    ]),
  );

export const dlqRedrive = async (
  io: Io,
  target: Target,
  options: { queue: string; max?: number; json?: boolean },
): Promise<number> => {
  const name = parseQueue(options.queue);
  const { url, dlqUrl } = target.queues[name];
  // Only what is parked now: a message that fails again comes back and must not be moved twice.
  const max = Math.min(options.max ?? Number.POSITIVE_INFINITY, await depthOf(target, dlqUrl));
  let moved = 0;
  while (moved < max) {
    // Invisible for a while: a message is deleted only after it is safely on the source queue.
    const batch = (await receive(target, dlqUrl, 60)).slice(0, max - moved);
    if (batch.length === 0) break;
    for (const message of batch) {
      await target.sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: message.Body ?? '',
          MessageAttributes: sendableAttributes(message.MessageAttributes),
        }),
      );
      await target.sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      moved += 1;
    }
  }
  const left = await depthOf(target, dlqUrl);
  if (options.json) io.out(json({ queue: name, moved, left }));
  else io.out(`Moved ${moved} message(s) from the ${name} DLQ back to the ${name} queue; ${left} left on the DLQ.`);
  return 0;
};
