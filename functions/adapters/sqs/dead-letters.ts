import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterQueue } from '../../ports.ts';

/**
 * Parks a message that can never succeed on its dead-letter queue at once, with the reason
 * attached, instead of letting SQS retry it until maxReceiveCount.
 */
export class DeadLetters implements DeadLetterQueue {
  constructor(private readonly deps: { readonly client: SQSClient; readonly queueUrl: string }) {}

  async park(body: string, reason: string, origin: Readonly<Record<string, string>>): Promise<void> {
    await this.deps.client.send(
      new SendMessageCommand({
        QueueUrl: this.deps.queueUrl,
        MessageBody: body,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: reason.slice(0, 1000) },
          ...Object.fromEntries(
            Object.entries(origin).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
          ),
        },
      }),
    );
  }
}
