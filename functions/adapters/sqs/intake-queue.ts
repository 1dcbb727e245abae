import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { InboundEvent } from '../../domain/inbound-event.ts';
import type { IntakeQueue } from '../../ports.ts';

const MAX_ENTRIES_PER_CALL = 10;

/** Puts normalised events on the intake queue; resolves only once SQS has stored every one. */
export class SqsIntakeQueue implements IntakeQueue {
  constructor(private readonly deps: { readonly client: SQSClient; readonly queueUrl: string }) {}

  async send(events: readonly InboundEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_CALL) {
      const chunk = events.slice(start, start + MAX_ENTRIES_PER_CALL);
      const result = await this.deps.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.deps.queueUrl,
          Entries: chunk.map((event, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(event),
            MessageAttributes: {
              platform: { DataType: 'String', StringValue: event.platform },
              eventId: { DataType: 'String', StringValue: event.eventId },
            },
          })),
        }),
      );
      if (result.Failed?.length) {
        const reasons = result.Failed.map((f) => `${f.Code}: ${f.Message ?? ''}`).join('; ');
        throw new Error(`SQS refused ${result.Failed.length} of ${chunk.length} events: ${reasons}`);
      }
    }
  }
}
